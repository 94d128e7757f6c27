import * as oauth from 'oauth4webapi';

/**
 * Sign-in with the force's OpenID provider: the authorization code flow with PKCE (RFC 7636), as a
 * public client (no secret in a browser), through panva's oauth4webapi. The access token the provider
 * issues for the hub (a JWT: RFC 9068, with the resource indicator when one is configured) is what the
 * console sends; the gateway verifies it against the provider's keys (JWT_JWKS_URL).
 */
export interface OidcSettings {
  issuer: string;
  clientId: string;
  scope: string;
  resource: string | null;
}

const PENDING = 'shieldline.oidc.pending';

/** http only to this machine (a developer's or a test's provider), as the hub allows. */
const insecureAllowed = (issuer: URL) =>
  issuer.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(issuer.hostname);

async function discover(settings: OidcSettings) {
  const issuer = new URL(settings.issuer);
  const options = { algorithm: 'oidc' as const, [oauth.allowInsecureRequests]: insecureAllowed(issuer) };
  const response = await oauth.discoveryRequest(issuer, options);
  return { server: await oauth.processDiscoveryResponse(issuer, response), options };
}

/** Where the provider sends the person back: the console itself. */
const redirectUri = () => `${location.origin}/`;

/** Starts sign-in: remembers the PKCE verifier, state and nonce for this tab, then leaves for the provider. */
export async function startSignIn(settings: OidcSettings): Promise<void> {
  const { server } = await discover(settings);
  if (!server.authorization_endpoint) throw new Error('the provider publishes no authorization endpoint');
  const codeVerifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  const nonce = oauth.generateRandomNonce();
  // The screen the person was on comes back with them (the provider returns to the bare console URL).
  sessionStorage.setItem(PENDING, JSON.stringify({ codeVerifier, state, nonce, returnTo: location.hash }));
  const url = new URL(server.authorization_endpoint);
  url.searchParams.set('client_id', settings.clientId);
  url.searchParams.set('redirect_uri', redirectUri());
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('scope', settings.scope);
  url.searchParams.set('code_challenge', await oauth.calculatePKCECodeChallenge(codeVerifier));
  url.searchParams.set('code_challenge_method', 'S256');
  url.searchParams.set('state', state);
  url.searchParams.set('nonce', nonce);
  if (settings.resource) url.searchParams.set('resource', settings.resource);
  location.assign(url.href);
}

/** Whether this page load is the provider sending the person back (a code or an error in the query). */
export const isSignInCallback = (): boolean => {
  const params = new URLSearchParams(location.search);
  return sessionStorage.getItem(PENDING) !== null && (params.has('code') || params.has('error'));
};

/**
 * Completes sign-in on the way back: checks the state, exchanges the code with the verifier, checks the
 * ID token's nonce, and returns the access token. The query is removed from the address bar either way.
 */
export async function completeSignIn(settings: OidcSettings): Promise<string> {
  const pending = JSON.parse(sessionStorage.getItem(PENDING) ?? '{}') as {
    codeVerifier?: string;
    state?: string;
    nonce?: string;
    returnTo?: string;
  };
  sessionStorage.removeItem(PENDING);
  const current = new URL(location.href);
  history.replaceState(null, '', `${location.pathname}${pending.returnTo ?? location.hash}`);
  if (!pending.codeVerifier || !pending.state || !pending.nonce)
    throw new Error('no sign-in was started in this tab');
  const { server, options } = await discover(settings);
  const client: oauth.Client = { client_id: settings.clientId };
  const params = oauth.validateAuthResponse(server, client, current, pending.state);
  const response = await oauth.authorizationCodeGrantRequest(
    server,
    client,
    oauth.None(),
    params,
    redirectUri(),
    pending.codeVerifier,
    {
      ...options,
      ...(settings.resource ? { additionalParameters: { resource: settings.resource } } : {}),
    },
  );
  const result = await oauth.processAuthorizationCodeResponse(server, client, response, {
    expectedNonce: pending.nonce,
    requireIdToken: true,
  });
  return result.access_token;
}
