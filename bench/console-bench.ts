import { chromium } from 'playwright-core';
import { existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { startHub } from '../src/app';
import { createLogger } from '../src/common/logger';
import { parseConfig } from '../src/config/config';
import { CONSOLE_OFFICER_SEARCH } from '../src/api/console-documents';
import { mintToken, type ShieldlineClaims } from '../src/security/identity';
import { nonMolestationOrder } from '../test/factories/family-court.factory';
import { buildConsole, CONSOLE_BUDGET } from '../scripts/build-console';
import { type LatencySummary, summarize } from './stats';

export interface ConsoleBenchResult {
  jsGzipBytes: number;
  cssGzipBytes: number;
  budgetJsGzipBytes: number;
  withinBudget: boolean;
  /** Click on Search → the first result painted (the frame after it is in the page), in Chromium. */
  searchToFirstResultPaintMs: LatencySummary;
  /** The same operation over HTTP from Node, in the same run: what the browser adds is the difference. */
  sameQueryOverHttpMs: LatencySummary;
}

const OFFICER: ShieldlineClaims = {
  sub: 'bench-officer',
  agency: 'police',
  area: 'WYP',
  roles: ['officer'],
  purpose: 'enforcement',
};

/**
 * The console's size against its budget, and the officer's search timed in a real Chromium: from the
 * click on Search to the frame that paints the first result, next to the same GraphQL operation sent
 * from Node. One hub on the bench's PostgreSQL with the table event log, `people` orders in it.
 */
export async function benchConsole(
  databaseUrl: string,
  people = 50,
  searches = 100,
): Promise<ConsoleBenchResult> {
  const built = await buildConsole(undefined, true);
  const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(chromiumPath)) throw new Error(`no Chromium at ${chromiumPath}: apt-get install chromium`);
  const secret = randomBytes(32).toString('hex');
  const config = parseConfig(
    {
      DATABASE_URL: databaseUrl,
      TOPIC_PREFIX: `bench-console-${randomBytes(3).toString('hex')}.`,
      PORT: '0',
      DEMO_DATA: 'false',
      LOG_LEVEL: 'error',
      JWT_SECRET: secret,
    },
    { instanceId: 'bench-console' },
  );
  const hub = await startHub(config, createLogger('error'));
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  try {
    const auth = { secret, issuer: 'shieldline', audience: 'shieldline' };
    const publisher = await mintToken(auth, {
      sub: 'bench-court',
      agency: 'court',
      area: null,
      roles: ['publisher'],
      purpose: 'publication',
    });
    const token = await mintToken(auth, OFFICER);
    const orders = Array.from({ length: people }, () => nonMolestationOrder({ policeForce: 'WYP' }));
    for (const order of orders)
      for (const message of [order.granted, order.served]) {
        const response = await fetch(`${hub.url}/ingest/family-court-orders`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${publisher}` },
          body: JSON.stringify(message),
        });
        if (response.status !== 202) throw new Error(`the hub refused a bench order: ${response.status}`);
      }
    const variablesOf = (i: number) => {
      const o = orders[i % orders.length]!;
      return { familyName: o.respondent.surname, dateOfBirth: o.respondent.dateOfBirth };
    };
    const overHttp = async (i: number) => {
      const started = performance.now();
      const response = await fetch(hub.graphqlUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: CONSOLE_OFFICER_SEARCH.body, variables: variablesOf(i) }),
      });
      const body = (await response.json()) as {
        data?: { searchPeople: { person: { protectiveOrders: unknown[] } }[] };
      };
      const found = body.data?.searchPeople[0]?.person.protectiveOrders.length ?? 0;
      return { ms: performance.now() - started, found };
    };
    // Every order projected before anything is timed.
    for (let i = 0; i < orders.length; i++) {
      const deadline = Date.now() + 60_000;
      while ((await overHttp(i)).found === 0) {
        if (Date.now() > deadline) throw new Error('the bench orders were not projected within 60 s');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    const http: number[] = [];
    for (let i = 0; i < searches; i++) http.push((await overHttp(i)).ms);

    const page = await browser.newPage({ viewport: { width: 360, height: 640 } });
    await page.addInitScript(
      `sessionStorage.setItem('shieldline.session', ${JSON.stringify(JSON.stringify({ token, purpose: 'enforcement' }))});`,
    );
    await page.goto(`${hub.url}/`);
    await page.getByLabel('Family name').waitFor();
    const painted: number[] = [];
    for (let i = 0; i < searches; i++) {
      const { familyName, dateOfBirth } = variablesOf(i);
      const [year, month, day] = dateOfBirth.split('-');
      const reference = orders[i % orders.length]!.orderRef;
      await page.getByLabel('Family name').fill(familyName);
      await page.getByLabel('Day').fill(day!);
      await page.getByLabel('Month').fill(month!);
      await page.getByLabel('Year').fill(year!);
      // Timed inside the page: the click, then the first frame after the order's card is in the DOM.
      const ms = await page.evaluate<number>(`new Promise((resolve) => {
        const wanted = ${JSON.stringify(reference)};
        const found = () => document.querySelector('[data-order="' + CSS.escape(wanted) + '"]');
        const started = performance.now();
        const painted = () => requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - started)));
        const observer = new MutationObserver(() => { if (found()) { observer.disconnect(); painted(); } });
        observer.observe(document.body, { childList: true, subtree: true });
        [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Search').click();
      })`);
      painted.push(ms);
    }
    return {
      jsGzipBytes: built.jsGzipBytes,
      cssGzipBytes: built.cssGzipBytes,
      budgetJsGzipBytes: CONSOLE_BUDGET.jsGzipBytes,
      withinBudget: built.jsGzipBytes <= CONSOLE_BUDGET.jsGzipBytes,
      searchToFirstResultPaintMs: summarize(painted),
      sameQueryOverHttpMs: summarize(http),
    };
  } finally {
    await browser.close();
    await hub.stop();
  }
}
