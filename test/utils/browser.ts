import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { buildConsole } from '../../scripts/build-console';

const ROOT = join(__dirname, '../..');
/** Screenshots and other artefacts of the browser tests (gitignored; CI keeps the folder). */
export const ARTEFACTS = join(ROOT, 'test-artifacts/console');

/**
 * Debian's Chromium (`apt-get install chromium`; .ci/run installs it), or CHROMIUM_PATH. A browser test
 * never skips: without a browser it fails and says how to get one.
 */
export function chromiumPath(): string {
  const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(path))
    throw new Error(`no Chromium at ${path}: apt-get install chromium (or set CHROMIUM_PATH)`);
  return path;
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    // As root on a machine with no outside network: no sandbox, and nothing that phones home (each
    // refused connection would otherwise be retried in the background).
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** The console the hub serves, built from this checkout's source (skipped when it is up to date). */
export async function ensureConsoleBuilt(): Promise<void> {
  await buildConsole();
}

/** What went wrong in the page — uncaught errors and console errors — for a test to assert none. */
export function watchPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  return errors;
}

/** A new tab signed in with a token, as the console's own sign-in stores it (sessionStorage). */
export async function signedInPage(
  context: BrowserContext,
  baseUrl: string,
  token: string,
  purpose: string,
  hash = '',
): Promise<Page> {
  const page = await context.newPage();
  // Page scripts are strings here: the tests compile without the DOM library (they run in Node).
  const stored = JSON.stringify(JSON.stringify({ token, purpose }));
  await page.addInitScript(
    `if (!sessionStorage.getItem('shieldline.session')) sessionStorage.setItem('shieldline.session', ${stored});`,
  );
  await page.goto(`${baseUrl}/${hash}`);
  return page;
}

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: number;
}

/**
 * axe-core's WCAG 2.x A/AA rules (2.2 included) on the page as it is now; the serious and critical
 * violations. Evaluated through the DevTools protocol, so the console's Content-Security-Policy (no
 * inline script) stays in force during the scan.
 */
export async function seriousAccessibilityViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate<AxeViolation[]>(`axe
    .run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
    })
    .then((result) =>
      result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length })),
    )`);
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTEFACTS, { recursive: true });
  const path = join(ARTEFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Whether anything on the page is wider than the viewport (horizontal scrolling). */
export async function overflowsHorizontally(page: Page): Promise<boolean> {
  return page.evaluate<boolean>(
    'document.documentElement.scrollWidth > document.documentElement.clientWidth',
  );
}

/** The id of the element that has the keyboard focus ('' for none). */
export async function focusedId(page: Page): Promise<string> {
  return page.evaluate<string>("document.activeElement ? document.activeElement.id : ''");
}
