import { useEffect, useState } from 'preact/hooks';
import { startSignIn, type OidcSettings } from './oidc';

interface DemoIdentity {
  id: string;
  label: string;
  description: string;
}

export interface ConsoleSettings {
  demo: boolean;
  demoSignIn: boolean;
  oidc: OidcSettings | null;
}

interface Props {
  settings: ConsoleSettings | null;
  reason: string | null;
  onSignedIn: (token: string) => void;
}

/**
 * Sign-in: with the force's OpenID provider when the hub names one; in the embedded demo, as one of the
 * demo identities (clearly marked); with neither, a token the force's identity provider issued.
 */
export function SignInPage({ settings, reason, onSignedIn }: Props) {
  const [identities, setIdentities] = useState<DemoIdentity[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [token, setToken] = useState('');

  useEffect(() => {
    if (!settings?.demoSignIn) return;
    fetch('/console/demo-identities')
      .then(async (r) => (r.ok ? ((await r.json()) as { identities: DemoIdentity[] }).identities : []))
      .then(setIdentities)
      .catch(() => setIdentities([]));
  }, [settings?.demoSignIn]);

  const signInAs = async (id: string) => {
    setError(null);
    const response = await fetch('/console/demo-sign-in', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ identity: id }),
    });
    if (!response.ok) return setError(`Sign-in failed (${response.status})`);
    onSignedIn(((await response.json()) as { token: string }).token);
  };

  const signInWithProvider = (oidc: OidcSettings) => {
    setError(null);
    startSignIn(oidc).catch((err: unknown) =>
      setError(`Could not reach the sign-in service: ${err instanceof Error ? err.message : String(err)}`),
    );
  };

  return (
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        <h1 class="govuk-heading-l">Sign in</h1>
        {reason && (
          <div class="govuk-notification-banner" role="alert" aria-labelledby="signed-out-title">
            <div class="govuk-notification-banner__header">
              <h2 class="govuk-notification-banner__title" id="signed-out-title">
                Signed out
              </h2>
            </div>
            <div class="govuk-notification-banner__content">
              <p class="govuk-notification-banner__heading">{reason}</p>
            </div>
          </div>
        )}
        {error && (
          <p class="govuk-error-message" role="alert">
            {error}
          </p>
        )}
        {!settings && <p class="govuk-body">Loading…</p>}
        {settings?.oidc && (
          <>
            <p class="govuk-body">Sign in with your force account. You will come back here afterwards.</p>
            <button
              type="button"
              class="govuk-button govuk-button--start"
              id="sign-in-provider"
              onClick={() => signInWithProvider(settings.oidc!)}
            >
              Sign in with your force account
            </button>
          </>
        )}
        {identities.length > 0 && (
          <>
            <p class="govuk-body">
              This is the embedded demo. Choose a <strong>demo identity</strong>: each is a token the hub
              signs with a key made at start, worthless outside this process.
            </p>
            <ul class="govuk-list shieldline-identities">
              {identities.map((identity) => (
                <li key={identity.id}>
                  <button
                    type="button"
                    class="govuk-button govuk-button--secondary"
                    data-identity={identity.id}
                    onClick={() => void signInAs(identity.id)}
                  >
                    Demo: {identity.label}
                  </button>
                  <p class="govuk-hint">{identity.description}</p>
                </li>
              ))}
            </ul>
          </>
        )}
        {settings && !settings.oidc && !settings.demoSignIn && (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              if (token.trim()) onSignedIn(token.trim());
            }}
          >
            <div class="govuk-form-group">
              <label class="govuk-label" for="token">
                Token from your force’s identity provider
              </label>
              <div class="govuk-hint" id="token-hint">
                This hub has no sign-in service configured (OIDC_ISSUER). Paste a signed token.
              </div>
              <textarea
                class="govuk-textarea"
                id="token"
                rows={4}
                aria-describedby="token-hint"
                value={token}
                onInput={(e) => setToken(e.currentTarget.value)}
              />
            </div>
            <button type="submit" class="govuk-button">
              Sign in
            </button>
          </form>
        )}
      </div>
    </div>
  );
}
