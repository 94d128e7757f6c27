/**
 * A real OpenID provider for the console's sign-in tests: panva's `oidc-provider` (the certified
 * Node.js implementation), run as a process of its own by test/utils/oidc.ts. Its development
 * interactions are the login and consent pages (any password; the login names an account below).
 * It issues JWT access tokens for the hub (RFC 9068, through resource indicators) that carry each
 * account's Shieldline claims, signed with a key made at start and published at its jwks_uri.
 *
 *   OIDC_PORT, OIDC_CLIENT_ID, OIDC_REDIRECT_URI, OIDC_RESOURCE, OIDC_AUDIENCE,
 *   OIDC_ACCOUNTS (JSON: login → claims)
 */
import { generateKeyPairSync } from 'node:crypto';

const env = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

const port = Number(env('OIDC_PORT'));
const issuer = `http://127.0.0.1:${port}`;
const resource = env('OIDC_RESOURCE');
const audience = env('OIDC_AUDIENCE');
const accounts = JSON.parse(env('OIDC_ACCOUNTS')) as Record<string, Record<string, unknown>>;
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = {
  ...privateKey.export({ format: 'jwk' }),
  kid: 'test-signing-key',
  use: 'sig',
  alg: 'RS256',
};

async function main() {
  // oidc-provider is an ES module; this file is compiled to CommonJS.
  const { default: Provider } = await import('oidc-provider');
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: env('OIDC_CLIENT_ID'),
        token_endpoint_auth_method: 'none',
        redirect_uris: [env('OIDC_REDIRECT_URI')],
        response_types: ['code'],
        grant_types: ['authorization_code'],
      },
    ],
    pkce: { required: () => true, methods: ['S256'] },
    jwks: { keys: [signingKey] },
    cookies: { keys: ['shieldline-test-provider-cookie-key'] },
    // The console calls discovery and the token endpoint from the browser.
    clientBasedCORS: () => true,
    features: {
      devInteractions: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => resource,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, indicator) => {
          if (indicator !== resource) throw new Error(`unknown resource ${indicator}`);
          return {
            scope: 'openid',
            audience,
            accessTokenTTL: 3600,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg: 'RS256' } },
          };
        },
      },
    },
    findAccount: (_ctx, id) => ({
      accountId: id,
      claims: () => ({ sub: id, name: accounts[id]?.name ?? id }),
    }),
    // The hub's claims (agency, area, roles, purpose), from the account the person signed in as.
    extraTokenClaims: (_ctx, token) => {
      const accountId = (token as { accountId?: string }).accountId;
      const claims = accountId ? accounts[accountId] : undefined;
      if (!claims) return {};
      const { name: _name, ...rest } = claims;
      return rest;
    },
  });

  provider.listen(port, '127.0.0.1', () => {
    process.stdout.write(`oidc-test-provider listening on ${issuer}\n`);
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`oidc-test-provider failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
