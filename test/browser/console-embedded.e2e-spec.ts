import { spawn, type ChildProcess } from 'node:child_process';
import { type Browser, type Page } from 'playwright-core';
import { nonMolestationOrder } from '../factories/family-court.factory';
import { fromSource } from '../utils/from-source';
import { expectEventually } from '../utils/test-hub';
import {
  ensureConsoleBuilt,
  launchChromium,
  seriousAccessibilityViolations,
  watchPageErrors,
} from '../utils/browser';

const MAIN = fromSource('src/main.ts');

/**
 * The README's two commands, then a browser: `npm start` with no configuration serves the console at `/`
 * on the embedded default, its sign-in offers the demo identities (marked as demo), and the demo order is
 * there to find.
 */
describe('console on the embedded default (npm start, Chromium)', () => {
  let child: ChildProcess;
  let output = '';
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    await ensureConsoleBuilt();
    child = spawn(process.execPath, MAIN, {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, PORT: '0', LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await expectEventually(() => expect(output).toContain('Shieldline is running'), 60_000);
    base = /Console at (http:\/\/\S+)\//.exec(output)![1]!;
    // Ready once the demo data is in.
    await expectEventually(async () => expect((await fetch(`${base}/readyz`)).status).toBe(200), 60_000);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  });

  async function signInAs(page: Page, identity: string) {
    await page.goto(`${base}/`);
    await page.locator(`[data-identity="${identity}"]`).click();
  }

  it('should offer the demo identities, clearly marked as demo, on an accessible sign-in page', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    const buttons = await page.locator('[data-identity]').allTextContents();
    expect(buttons.length).toBeGreaterThanOrEqual(3);
    for (const label of buttons) expect(label).toMatch(/^Demo: /);
    await expect(page.locator('.govuk-phase-banner').textContent()).resolves.toContain('Not for real data');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.close();
  });

  it('should find the demo respondent and show the order in force with its conditions in full', async () => {
    const page = await browser.newPage();
    const errors = watchPageErrors(page);
    await signInAs(page, 'attending-officer');
    await page.getByLabel('Family name').fill('Ashworth');
    await page.getByLabel('Given name (optional)').fill('Daniel');
    await page.getByLabel('Day').fill('30');
    await page.getByLabel('Month').fill('9');
    await page.getByLabel('Year').fill('1988');
    await page.getByRole('button', { name: 'Search' }).click();
    const card = page.locator('[data-order="LDSFC/LS26F00101/1"]');
    await card.waitFor();
    const text = await card.textContent();
    expect(text).toContain('in force');
    expect(text).toContain('The respondent must not use or threaten violence against the applicant.');
    expect(text).toContain(
      'The respondent must not contact the applicant by any means except through solicitors.',
    );
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('should show an order a court publishes on the control-room board within 2 s, without a reload', async () => {
    const page = await browser.newPage();
    await signInAs(page, 'control-room');
    await page.goto(`${base}/#/board`);
    await page.locator('[data-live="live"]').waitFor();
    await page.locator('#board[data-loaded="true"]').waitFor();
    await page.evaluate('window.notReloaded = true');
    const token = /export SHIELDLINE_TOKEN=(\S+)/.exec(output)![1]!;
    const order = nonMolestationOrder({ policeForce: 'WYP' });
    // The board's two subscriptions are open before the order is published (graphql-ws sends no ack).
    await expectEventually(async () => {
      const metrics = await (await fetch(`${base}/metrics`)).text();
      expect(Number(/^shieldline_subscriptions_open (\d+)/m.exec(metrics)?.[1])).toBeGreaterThanOrEqual(2);
    });
    const published = await fetch(`${base}/ingest/family-court-orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(order.granted),
    });
    expect(published.status).toBe(202);
    await page.locator(`#orders [data-order="${order.orderRef}"]`).waitFor({ timeout: 2_000 });
    expect(await page.evaluate('window.notReloaded')).toBe(true);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.close();
  });
});
