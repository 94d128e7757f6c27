import { useEffect, useState } from 'preact/hooks';

interface DemoIdentity {
  id: string;
  label: string;
  description: string;
}

/**
 * Sign-in. In the embedded demo the hub offers its demo identities (clearly marked); a hub without them
 * takes a token its force's identity provider issued. OpenID Connect sign-in is not built yet (issue #15).
 */
export function SignInPage({
  reason,
  onSignedIn,
}: {
  reason: string | null;
  onSignedIn: (token: string) => void;
}) {
  const [identities, setIdentities] = useState<DemoIdentity[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [token, setToken] = useState('');

  useEffect(() => {
    fetch('/console/demo-identities')
      .then(async (r) => (r.ok ? ((await r.json()) as { identities: DemoIdentity[] }).identities : []))
      .then(setIdentities)
      .catch(() => setIdentities([]));
  }, []);

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
        {error && <p class="govuk-error-message">{error}</p>}
        {identities && identities.length > 0 && (
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
        {identities && identities.length === 0 && (
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
              <textarea
                class="govuk-textarea"
                id="token"
                rows={4}
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
