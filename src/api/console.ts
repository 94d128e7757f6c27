import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import express, { type Request, type Response, Router } from 'express';
import { type OidcConfig } from '../config/config';
import { mintToken, type ShieldlineClaims } from '../security/identity';

/**
 * The console (console/, built into dist/console by `npm start` / `npm run build`), served at `/` in every
 * mode. It is static: everything it shows comes through the public GraphQL API with the signed-in
 * person's token, so it can show nothing the API would not give that token. The only other routes here
 * are the embedded demo's sign-in, which exist only when the hub signs its own demo tokens.
 */

export interface DemoIdentity {
  id: string;
  label: string;
  description: string;
  claims: ShieldlineClaims;
}

/** Who the demo lets a visitor be: each a token signed with the demo's per-process key. */
export const DEMO_IDENTITIES: readonly DemoIdentity[] = [
  {
    id: 'attending-officer',
    label: 'attending officer, West Yorkshire Police',
    description: 'Searches people and sees orders, bail and notices; acknowledges orders sent to WYP.',
    claims: {
      sub: 'demo-officer-wyp',
      agency: 'police',
      area: 'WYP',
      roles: ['officer'],
      purpose: 'enforcement',
      purposes: ['safeguarding'],
    },
  },
  {
    id: 'control-room',
    label: 'control room, West Yorkshire Police',
    description: 'The live board of WYP: unacknowledged orders, alerts, clocks due soon.',
    claims: {
      sub: 'demo-control-room-wyp',
      agency: 'police',
      area: 'WYP',
      roles: ['control-room'],
      purpose: 'safeguarding',
      purposes: ['enforcement'],
    },
  },
  {
    id: 'other-force-officer',
    label: 'attending officer, Greater Manchester Police',
    description: 'An officer of another force: sees what any force may, and nothing of a case kept from it.',
    claims: {
      sub: 'demo-officer-gmp',
      agency: 'police',
      area: 'GMP',
      roles: ['officer'],
      purpose: 'enforcement',
      purposes: ['safeguarding'],
    },
  },
  {
    id: 'prosecutor',
    label: 'CPS prosecutor',
    description: 'Acting for prosecution: cases, their orders and bail.',
    claims: {
      sub: 'demo-prosecutor',
      agency: 'cps',
      area: null,
      roles: ['prosecutor'],
      purpose: 'prosecution',
    },
  },
  {
    id: 'analyst',
    label: 'performance analyst',
    description: 'Aggregates only: never a person.',
    claims: { sub: 'demo-analyst', agency: 'police', area: 'WYP', roles: ['analyst'], purpose: 'analysis' },
  },
];

export interface ConsoleOptions {
  /** dist/console (or CONSOLE_DIR): index.html and the hashed assets. */
  dir: string;
  /** The demo's own signing key; null outside the embedded demo (no demo sign-in routes at all). */
  demoSigningKey: { issuer: string; audience: string; secret: string } | null;
  /** The force's OpenID provider the console signs in with; null: none configured. */
  oidc: OidcConfig | null;
  /** The embedded demo (PGlite, synthetic data): every screen says so. */
  embedded: boolean;
}

/** What the console needs to know before anyone signs in: no person, no secret. */
export interface ConsoleSettings {
  /** The embedded demo: synthetic data, not for real use. */
  demo: boolean;
  /** The demo identities can be signed in as (/console/demo-identities). */
  demoSignIn: boolean;
  oidc: { issuer: string; clientId: string; scope: string; resource: string | null } | null;
}

/** The built console next to this package: walks up from here to the package root. */
export function defaultConsoleDir(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) return join(__dirname, 'console');
    dir = parent;
  }
  return join(dir, 'dist/console');
}

// The console loads only its own script and stylesheet and talks only to this origin (HTTP and
// graphql-ws) and, to sign in, to the force's OpenID provider; no inline script, no frames, no
// third-party anything else.
function contentSecurityPolicy(oidc: OidcConfig | null): string {
  const connect = ["'self'", ...(oidc ? [new URL(oidc.issuer).origin] : [])].join(' ');
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src ${connect}`,
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export function consoleRouter(options: ConsoleOptions): Router {
  const router = Router();
  const indexFile = join(options.dir, 'index.html');
  const policy = contentSecurityPolicy(options.oidc);
  const settings: ConsoleSettings = {
    demo: options.embedded,
    demoSignIn: options.demoSigningKey !== null,
    oidc: options.oidc,
  };
  const securityHeaders = (res: Response) => {
    res.setHeader('content-security-policy', policy);
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('referrer-policy', 'no-referrer');
  };
  router.get(['/', '/index.html'], (_req: Request, res: Response) => {
    securityHeaders(res);
    if (!existsSync(indexFile)) {
      res
        .status(503)
        .type('text/plain')
        .send('The console is not built: run `npm run console:build` (npm start builds it).\n');
      return;
    }
    // Read per request: a rebuild (new hashed asset names) is served without a restart.
    res.setHeader('cache-control', 'no-cache');
    res.type('html').send(readFileSync(indexFile, 'utf8'));
  });
  router.get('/console/settings.json', (_req, res) => {
    securityHeaders(res);
    res.setHeader('cache-control', 'no-cache');
    res.json(settings);
  });
  // No icon: answered empty rather than 404, so the browser's request is not an error in every log.
  router.get('/favicon.ico', (_req, res) => {
    res.status(204).end();
  });
  // Only the built assets, whose names carry their content hash (so cached for good): build.json and
  // anything else in the directory is not served.
  router.get(/^\/console\/(app-[0-9a-f]{12}\.(?:js|css))$/, (req: Request, res: Response) => {
    securityHeaders(res);
    const file = (req.params as Record<string, string>)[0] ?? '';
    res.setHeader('cache-control', 'public, max-age=31536000, immutable');
    res.sendFile(file, { root: options.dir }, (err) => {
      if (err && !res.headersSent) res.status(404).type('text/plain').send('not found\n');
    });
  });
  const signingKey = options.demoSigningKey;
  if (signingKey) {
    router.get('/console/demo-identities', (_req, res) => {
      res.json({
        identities: DEMO_IDENTITIES.map(({ id, label, description }) => ({ id, label, description })),
      });
    });
    router.post('/console/demo-sign-in', express.json({ limit: '1kb' }), (req, res, next) => {
      const wanted = (req.body as { identity?: unknown } | undefined)?.identity;
      const identity = DEMO_IDENTITIES.find((i) => i.id === wanted);
      if (!identity) {
        res.status(400).json({
          error: {
            code: 'UNKNOWN_DEMO_IDENTITY',
            message: 'identity must be one of /console/demo-identities',
          },
        });
        return;
      }
      // A token id of its own per sign-in, so one session can be revoked (revokeToken) without the rest.
      mintToken(signingKey, { ...identity.claims, jti: randomUUID() }, '8h').then(
        (token) => res.json({ token, identity: identity.id }),
        next,
      );
    });
  }
  return router;
}
