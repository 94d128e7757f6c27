import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { decodeJwt } from 'jose';
import { type OidcConfig } from '../config/config';
import { consoleRouter, DEMO_IDENTITIES } from './console';

const SIGNING_KEY = {
  issuer: 'shieldline',
  audience: 'shieldline',
  secret: 'console-spec-secret-0123456789abcdef',
};

async function serve(
  dir: string,
  demo: boolean,
  oidc: OidcConfig | null = null,
): Promise<{ url: string; server: Server }> {
  const app = express();
  app.use(consoleRouter({ dir, demoSigningKey: demo ? SIGNING_KEY : null, oidc, embedded: demo }));
  app.use((_req, res) => res.status(404).end());
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe('console router', () => {
  let dir: string;
  const servers: Server[] = [];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'console-'));
  });

  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
    rmSync(dir, { recursive: true, force: true });
  });

  const start = async (demo: boolean, oidc: OidcConfig | null = null) => {
    const served = await serve(dir, demo, oidc);
    servers.push(served.server);
    return served.url;
  };

  it('should serve the console at / with a policy that allows only its own script, styles and origin', async () => {
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Shieldline</title>');
    const url = await start(false);
    const response = await fetch(`${url}/`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<title>Shieldline</title>');
    const policy = response.headers.get('content-security-policy')!;
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain("connect-src 'self'");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(response.headers.get('cache-control')).toBe('no-cache');
  });

  it('should serve only the hashed assets, cached for good, and nothing else in the directory', async () => {
    writeFileSync(join(dir, 'app-0123456789ab.js'), 'console.log(1)');
    writeFileSync(join(dir, 'build.json'), '{}');
    const url = await start(false);
    const asset = await fetch(`${url}/console/app-0123456789ab.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect(asset.headers.get('content-type')).toContain('javascript');
    expect((await fetch(`${url}/console/build.json`)).status).toBe(404);
    expect((await fetch(`${url}/console/app-ffffffffffff.js`)).status).toBe(404);
    expect((await fetch(`${url}/console/..%2Fbuild.json`)).status).toBe(404);
  });

  it('should say how to build the console when it is not built', async () => {
    const url = await start(false);
    const response = await fetch(`${url}/`);
    expect(response.status).toBe(503);
    expect(await response.text()).toContain('npm run console:build');
  });

  it('should have no demo sign-in at all outside the embedded demo', async () => {
    const url = await start(false);
    expect((await fetch(`${url}/console/demo-identities`)).status).toBe(404);
    const signIn = await fetch(`${url}/console/demo-sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ identity: 'attending-officer' }),
    });
    expect(signIn.status).toBe(404);
  });

  it('should sign a demo identity in with a token of its own claims and its own token id', async () => {
    const url = await start(true);
    const listed = (await (await fetch(`${url}/console/demo-identities`)).json()) as {
      identities: { id: string; label: string }[];
    };
    expect(listed.identities.map((i) => i.id)).toEqual(DEMO_IDENTITIES.map((i) => i.id));
    const signIn = async () =>
      (await (
        await fetch(`${url}/console/demo-sign-in`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ identity: 'control-room' }),
        })
      ).json()) as { token: string };
    const first = decodeJwt((await signIn()).token);
    const second = decodeJwt((await signIn()).token);
    expect(first).toMatchObject({
      sub: 'demo-control-room-wyp',
      agency: 'police',
      area: 'WYP',
      roles: ['control-room'],
    });
    expect(first.jti).toBeDefined();
    expect(first.jti).not.toBe(second.jti);
    const unknown = await fetch(`${url}/console/demo-sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ identity: 'security-admin' }),
    });
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { error: { code: string } }).error.code).toBe('UNKNOWN_DEMO_IDENTITY');
  });

  it('should tell the console which OpenID provider to sign in with, and let it talk to that origin only', async () => {
    writeFileSync(join(dir, 'index.html'), '<!doctype html>');
    const oidc = {
      issuer: 'https://idp.force.example/realms/wyp',
      clientId: 'shieldline-console',
      scope: 'openid',
      resource: null,
    };
    const url = await start(false, oidc);
    const settings = await fetch(`${url}/console/settings.json`);
    expect(await settings.json()).toEqual({ demo: false, demoSignIn: false, oidc });
    const policy = (await fetch(`${url}/`)).headers.get('content-security-policy')!;
    expect(policy).toContain("connect-src 'self' https://idp.force.example;");
    expect(await (await fetch(`${url}/console/settings.json`)).json()).not.toHaveProperty('secret');
  });
});
