import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { decodeJwt } from 'jose';
import { type Hub } from '../../src/app';
import { uniquePoliceArea } from '../factories/family-court.factory';
import { ensureConsoleBuilt, launchChromium, seriousAccessibilityViolations } from '../utils/browser';
import { freePort, startTestProvider, type TestProvider } from '../utils/oidc';
import { startTableLogHub } from '../utils/test-hub';

const CLIENT_ID = 'shieldline-console';
const RESOURCE = 'urn:shieldline:gateway';
const AUDIENCE = 'shieldline-gateway';

/**
 * Production sign-in: the console signs in with the force's OpenID provider — a real one, panva's
 * oidc-provider in a process of its own — by the authorization code flow with PKCE, and the hub trusts
 * only the provider's keys (JWT_JWKS_URL). No shared secret, no demo identity.
 */
describe('console sign-in with OpenID Connect (a real local provider, Chromium)', () => {
  let hub: Hub;
  let provider: TestProvider;
  let browser: Browser;
  let context: BrowserContext;
  const area = uniquePoliceArea();
  const accounts = {
    [`control-room-${area.toLowerCase()}`]: {
      name: 'Control room operator',
      agency: 'police',
      area,
      roles: ['control-room'],
      purpose: 'safeguarding',
    },
    'security-admin': { agency: 'other', area: null, roles: ['security-admin'], purpose: 'operations' },
  };

  beforeAll(async () => {
    await ensureConsoleBuilt();
    const port = await freePort();
    const issuer = `http://127.0.0.1:${port}`;
    hub = await startTableLogHub({
      JWT_SECRET: '',
      JWT_JWKS_URL: `${issuer}/jwks`,
      JWT_ISSUER: issuer,
      JWT_AUDIENCE: AUDIENCE,
      OIDC_ISSUER: issuer,
      OIDC_CLIENT_ID: CLIENT_ID,
      OIDC_RESOURCE: RESOURCE,
    });
    provider = await startTestProvider({
      port,
      clientId: CLIENT_ID,
      consoleUrl: hub.url,
      resource: RESOURCE,
      audience: AUDIENCE,
      accounts,
    });
    browser = await launchChromium();
  });

  beforeEach(async () => {
    context = await browser.newContext();
  });

  afterEach(async () => {
    await context.close();
  });

  afterAll(async () => {
    await browser?.close();
    await provider?.stop();
    await hub?.stop();
  });

  /** Through the provider's own login and consent pages, back to the console, signed in. */
  async function signInThroughProvider(page: Page, login: string): Promise<string> {
    await page.goto(`${hub.url}/#/board`);
    await page.getByRole('button', { name: 'Sign in with your force account' }).click();
    await page.waitForURL((url) => url.origin === provider.issuer);
    await page.locator('input[name="login"]').fill(login);
    await page.locator('input[name="password"]').fill('any password');
    await page.locator('button[type="submit"]').click();
    await page.getByRole('button', { name: /continue/i }).click();
    await page.waitForURL((url) => url.origin === new URL(hub.url).origin && url.search === '');
    await page.getByText('Signed in as').waitFor();
    const stored = await page.evaluate<string>("sessionStorage.getItem('shieldline.session') || ''");
    return (JSON.parse(stored) as { token: string }).token;
  }

  it('should offer the provider, accessibly, and no demo identity', async () => {
    const page = await context.newPage();
    await page.goto(`${hub.url}/`);
    await page.getByRole('button', { name: 'Sign in with your force account' }).waitFor();
    expect(await page.locator('[data-identity]').count()).toBe(0);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    expect((await fetch(`${hub.url}/console/demo-sign-in`, { method: 'POST' })).status).toBe(404);
  });

  it('should sign in by code + PKCE and show the live board; a revoked session loses it within 5 s', async () => {
    const page = await context.newPage();
    const token = await signInThroughProvider(page, `control-room-${area.toLowerCase()}`);
    const claims = decodeJwt(token);
    // The provider's access token for the hub: its audience, its claims, its own id.
    expect(claims).toMatchObject({ iss: provider.issuer, aud: AUDIENCE, area, roles: ['control-room'] });
    expect(typeof claims.jti).toBe('string');
    await page.locator('[data-live="live"]').waitFor();
    await page.locator('#board[data-loaded="true"]').waitFor();
    expect(await page.locator('h1').textContent()).toContain(area);

    // A security administrator, signed in through the same provider, revokes that session.
    const admin = await context.browser()!.newContext();
    try {
      const adminToken = await signInThroughProvider(await admin.newPage(), 'security-admin');
      const revoked = await fetch(hub.graphqlUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
        body: JSON.stringify({
          query: 'mutation ($id: String!) { revokeToken(tokenId: $id, reason: "lost device") }',
          variables: { id: claims.jti },
        }),
      });
      expect(await revoked.json()).toEqual({ data: { revokeToken: true } });
    } finally {
      await admin.close();
    }
    await page.getByRole('heading', { name: 'Sign in' }).waitFor({ timeout: 5_000 });
    expect(await page.locator('#board').count()).toBe(0);
  });

  it('should refuse a sign-in that comes back with a state this tab did not send', async () => {
    const page = await context.newPage();
    await page.goto(`${hub.url}/`);
    await page.evaluate(
      `sessionStorage.setItem('shieldline.oidc.pending', JSON.stringify({ codeVerifier: 'v'.repeat(43), state: 'expected', nonce: 'n' }))`,
    );
    await page.goto(`${hub.url}/?code=forged&state=other`);
    await page.getByText('Sign-in did not complete').waitFor();
    expect(await page.evaluate<string | null>("sessionStorage.getItem('shieldline.session')")).toBeNull();
  });
});
