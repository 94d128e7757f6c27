import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { type Hub } from '../../src/app';
import { mintToken, type ShieldlineClaims } from '../../src/security/identity';
import { caseScenario } from '../factories/case-scenario.factory';
import { nonMolestationOrder, uniquePoliceArea } from '../factories/family-court.factory';
import {
  ensureConsoleBuilt,
  focusedId,
  launchChromium,
  overflowsHorizontally,
  screenshot,
  seriousAccessibilityViolations,
  signedInPage,
  watchPageErrors,
} from '../utils/browser';
import {
  expectEventually,
  graphql,
  openSubscriptions,
  postRecord,
  startTestHub,
  TEST_AUTH,
  untilSubscribed,
  uniqueToken,
} from '../utils/test-hub';

const SECURITY_ADMIN: ShieldlineClaims = {
  sub: 'sec-admin-console',
  agency: 'other',
  area: null,
  roles: ['security-admin'],
  purpose: 'operations',
};
const officerOf = (area: string): ShieldlineClaims => ({
  sub: `pc-${area}`,
  agency: 'police',
  area,
  roles: ['officer'],
  purpose: 'enforcement',
  purposes: ['safeguarding'],
});
const controlRoomOf = (area: string): ShieldlineClaims => ({
  sub: `control-room-${area}`,
  agency: 'police',
  area,
  roles: ['control-room'],
  purpose: 'safeguarding',
});

const tokenFor = (claims: ShieldlineClaims & { jti?: string }) => mintToken(TEST_AUTH, claims);

async function publishOrder(hub: Hub, area: string) {
  const order = nonMolestationOrder({ policeForce: area });
  expect((await postRecord(hub, 'family-court-orders', JSON.stringify(order.granted))).status).toBe(202);
  return order;
}

async function untilProjected(hub: Hub, reference: string, area: string) {
  await expectEventually(async () => {
    const result = await graphql<{ protectiveOrder: { reference: string } | null }>(
      hub,
      'query ($r: String!) { protectiveOrder(reference: $r) { reference } }',
      { r: reference },
      officerOf(area),
    );
    expect(result.data?.protectiveOrder?.reference).toBe(reference);
  });
}

/** The officer's search, typed as an officer would. */
async function searchByNameAndBirth(page: Page, familyName: string, dateOfBirth: string) {
  const [year, month, day] = dateOfBirth.split('-');
  await page.getByLabel('Family name').fill(familyName);
  await page.getByLabel('Day').fill(day!);
  await page.getByLabel('Month').fill(month!);
  await page.getByLabel('Year').fill(year!);
  await page.getByRole('button', { name: 'Search' }).click();
  await page.locator('#results').waitFor();
}

/**
 * The console in a real Chromium against the hub on real Kafka + PostgreSQL: what an attending officer
 * and a control room see and do, what the accused force never sees, and what a revoked session loses.
 */
describe('console in Chromium (real Kafka + PostgreSQL)', () => {
  let hub: Hub;
  let browser: Browser;
  let context: BrowserContext;
  const A = uniquePoliceArea();

  beforeAll(async () => {
    await ensureConsoleBuilt();
    hub = await startTestHub();
    browser = await launchChromium();
  });

  beforeEach(async () => {
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  });

  afterEach(async () => {
    await context.close();
  });

  afterAll(async () => {
    await browser?.close();
    await hub?.stop();
  });

  it('should find a person by name and date of birth and show the live order with every condition in full', async () => {
    const order = await publishOrder(hub, A);
    expect((await postRecord(hub, 'family-court-orders', JSON.stringify(order.served))).status).toBe(202);
    await untilProjected(hub, order.orderRef, A);
    const page = await signedInPage(context, hub.url, await tokenFor(officerOf(A)), 'enforcement');
    const errors = watchPageErrors(page);
    await searchByNameAndBirth(page, order.respondent.surname, order.respondent.dateOfBirth);
    const card = page.locator(`[data-order="${order.orderRef}"]`);
    await expect(card.textContent()).resolves.toContain('in force');
    for (const term of (order.granted.order as { terms: { text: string }[] }).terms)
      await expect(card.textContent()).resolves.toContain(term.text);
    await expect(page.locator('.shieldline-verdict').textContent()).resolves.toContain('Under an order now');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('should show an order the court publishes on the control-room board within 2 s, without a reload', async () => {
    const page = await signedInPage(
      context,
      hub.url,
      await tokenFor(controlRoomOf(A)),
      'safeguarding',
      '#/board',
    );
    const before = await openSubscriptions(hub);
    await page.locator('[data-live="live"]').waitFor();
    await untilSubscribed(hub, before + 2);
    await page.evaluate('window.notReloaded = true');
    const order = await publishOrder(hub, A);
    await page.locator(`#orders [data-order="${order.orderRef}"]`).waitFor({ timeout: 2_000 });
    expect(await page.evaluate('window.notReloaded')).toBe(true);
    // The area's trends: counts by month and the hub's lag per source, drawn and tabulated.
    await page.locator('#trends[data-loaded="true"]').waitFor();
    const trends = await page.locator('#trends').textContent();
    expect(trends).toContain('Orders granted per month, by order type');
    expect(trends).toContain('End-to-end lag');
    expect(await page.locator('#trends canvas').count()).toBeGreaterThanOrEqual(2);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
  });

  it('should show an unacknowledged order aged and escalated, and clear it once acknowledged', async () => {
    // An area of its own whose orders must be acknowledged within 2 s, escalating every 2 s. Its one
    // order is acknowledged at the end, so no escalation outlives the test (other suites share the
    // database and its timers).
    const E = uniquePoliceArea();
    const set = await graphql(
      hub,
      'mutation ($a: String!) { setForceSetting(policeArea: $a, acknowledgeWithinSeconds: 2, escalateEverySeconds: 2) { policeArea } }',
      { a: E },
      SECURITY_ADMIN,
    );
    expect(set.errors).toBeUndefined();
    const page = await signedInPage(
      context,
      hub.url,
      await tokenFor(controlRoomOf(E)),
      'safeguarding',
      '#/board',
    );
    await page.locator('[data-live="live"]').waitFor();
    const order = await publishOrder(hub, E);
    const waiting = page.locator(`#unacknowledged [data-order="${order.orderRef}"]`);
    // Acknowledge within 2 s, else escalate: the alert is delivered live and the board shows the step.
    await waiting.locator('.shieldline-escalated').waitFor({ timeout: 30_000 });
    await expect(waiting.locator('.shieldline-age').textContent()).resolves.toMatch(/^waiting \d+ (s|min)/);
    await waiting.getByRole('button', { name: `Acknowledge ${order.orderRef}` }).click();
    await waiting.waitFor({ state: 'detached' });
    const notifications = await graphql<{
      protectiveOrder: { notifications: { acknowledgedBy: string | null }[] };
    }>(
      hub,
      'query ($r: String!) { protectiveOrder(reference: $r) { notifications { acknowledgedBy } } }',
      { r: order.orderRef },
      officerOf(E),
    );
    expect(notifications.data?.protectiveOrder.notifications[0]?.acknowledgedBy).toBe(`control-room-${E}`);
  });

  it('should show the accused force nothing of a police-perpetrated abuse case, on any screen', async () => {
    const P = uniquePoliceArea();
    const ppda = caseScenario({ policeArea: P });
    ppda.records[0]!.data.policePerpetrated = { accusedForce: P };
    for (const record of ppda.records)
      expect((await postRecord(hub, 'shieldline-events', JSON.stringify(record))).status).toBe(202);
    const markers = [
      ppda.refs.restrainingOrder,
      ppda.refs.notice,
      ppda.refs.preChargeBail,
      ppda.caseUrn,
      `BR-${ppda.token}`,
    ];
    const suspect = { family: ppda.suspect.name.family, dateOfBirth: ppda.suspect.dateOfBirth! };

    // Positive control: an officer of another force finds the suspect and the restraining order.
    const outside = await signedInPage(
      context,
      hub.url,
      await tokenFor(officerOf(uniquePoliceArea())),
      'enforcement',
    );
    await expectEventually(async () => {
      await searchByNameAndBirth(outside, suspect.family, suspect.dateOfBirth);
      await expect(outside.locator('#results').textContent()).resolves.toContain(ppda.refs.restrainingOrder);
    }, 30_000);

    const accused = await signedInPage(context, hub.url, await tokenFor(officerOf(P)), 'enforcement');
    await searchByNameAndBirth(accused, suspect.family, suspect.dateOfBirth);
    const seen = [await accused.locator('main').textContent()];
    const board = await signedInPage(
      context,
      hub.url,
      await tokenFor(controlRoomOf(P)),
      'safeguarding',
      '#/board',
    );
    await board.locator('[data-live="live"]').waitFor();
    await board.locator('#board[data-loaded="true"]').waitFor();
    seen.push(await board.locator('main').textContent());
    // …and the case itself, by its URN: not there for the accused force.
    const casePage = await signedInPage(
      context,
      hub.url,
      await tokenFor(officerOf(P)),
      'enforcement',
      '#/case',
    );
    await casePage.getByLabel('Police URN').fill(ppda.caseUrn);
    await casePage.getByRole('button', { name: 'Open case' }).click();
    await casePage.locator('#case').waitFor();
    seen.push((await casePage.locator('#case').textContent())?.replace(ppda.caseUrn, '') ?? '');
    await expect(casePage.locator('#case').textContent()).resolves.toContain('No case with that URN');
    for (const text of seen) {
      expect(text).not.toContain(suspect.family);
      for (const marker of markers) expect(text).not.toContain(marker);
    }
    await expect(accused.locator('#results').textContent()).resolves.toContain('No one found');
  });

  it('should show an analyst counts only: statistics, and the officer search refused with its reason', async () => {
    const order = await publishOrder(hub, A);
    await untilProjected(hub, order.orderRef, A);
    const analyst: ShieldlineClaims = {
      sub: 'analyst-1',
      agency: 'police',
      area: A,
      roles: ['analyst'],
      purpose: 'analysis',
    };
    const page = await signedInPage(context, hub.url, await tokenFor(analyst), 'analysis');
    // An analyst lands on the statistics: this area's orders granted, by month — fewer than 5, suppressed.
    await page.getByLabel('Police area (optional: every area)').fill(A);
    await page.getByRole('button', { name: 'Show' }).click();
    await page.locator('#statistics').waitFor();
    const figures = await page.locator('#statistics').textContent();
    expect(figures).toContain('Orders granted, by month and order type');
    expect(figures).toContain('fewer than 5');
    expect(figures).not.toContain(order.orderRef);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    // The menu does not offer an analyst the search; reached anyway, the gateway refuses it.
    expect(await page.getByRole('link', { name: 'Officer search' }).count()).toBe(0);
    await page.evaluate("location.hash = '#/search'");
    await page.getByLabel('Family name').fill(order.respondent.surname);
    const [year, month, day] = order.respondent.dateOfBirth.split('-');
    await page.getByLabel('Day').fill(day!);
    await page.getByLabel('Month').fill(month!);
    await page.getByLabel('Year').fill(year!);
    await page.getByRole('button', { name: 'Search' }).click();
    await page.locator('.govuk-error-summary').waitFor();
    const text = await page.locator('main').textContent();
    expect(text).toMatch(/not entitled|may not|forbidden/i);
    expect(text).not.toContain(order.respondent.surname);
    expect(await page.locator('#results').count()).toBe(0);
  });

  it('should take the live board away within 5 s of the session being revoked', async () => {
    const jti = `console-${uniqueToken()}`;
    const page = await signedInPage(
      context,
      hub.url,
      await tokenFor({ ...controlRoomOf(A), jti }),
      'safeguarding',
      '#/board',
    );
    await page.locator('[data-live="live"]').waitFor();
    const revoked = await graphql(
      hub,
      'mutation ($id: String!) { revokeToken(tokenId: $id, reason: "lost device") }',
      { id: jti },
      SECURITY_ADMIN,
    );
    expect(revoked.errors).toBeUndefined();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor({ timeout: 5_000 });
    expect(await page.locator('#unacknowledged').count()).toBe(0);
    await expect(page.getByRole('alert').textContent()).resolves.toContain('Signed out');
  });

  it('should let an officer search with the keyboard alone', async () => {
    const order = await publishOrder(hub, A);
    await untilProjected(hub, order.orderRef, A);
    const page = await signedInPage(context, hub.url, await tokenFor(officerOf(A)), 'enforcement');
    await page.getByLabel('Family name').waitFor();
    const [year, month, day] = order.respondent.dateOfBirth.split('-');
    // From the top of the page: Tab until the family name field has focus, then type and tab on.
    for (let i = 0; i < 20; i++) {
      await page.keyboard.press('Tab');
      if ((await focusedId(page)) === 'family-name') break;
    }
    expect(await focusedId(page)).toBe('family-name');
    for (const [text, next] of [
      [order.respondent.surname, 'given-name'],
      ['', 'dob-day'],
      [day!, 'dob-month'],
      [month!, 'dob-year'],
    ] as const) {
      await page.keyboard.type(text);
      await page.keyboard.press('Tab');
      expect(await focusedId(page)).toBe(next);
    }
    await page.keyboard.type(year!);
    await page.keyboard.press('Enter');
    await page.locator(`[data-order="${order.orderRef}"]`).waitFor();
  });

  it('should fit the officer views on a 360 × 640 handheld without horizontal scrolling', async () => {
    const order = await publishOrder(hub, A);
    await untilProjected(hub, order.orderRef, A);
    const handheld = await browser.newContext({
      viewport: { width: 360, height: 640 },
      isMobile: true,
      hasTouch: true,
    });
    try {
      const page = await signedInPage(handheld, hub.url, await tokenFor(officerOf(A)), 'enforcement');
      await page.getByLabel('Family name').waitFor();
      expect(await overflowsHorizontally(page)).toBe(false);
      await searchByNameAndBirth(page, order.respondent.surname, order.respondent.dateOfBirth);
      await page.locator(`[data-order="${order.orderRef}"]`).waitFor();
      expect(await overflowsHorizontally(page)).toBe(false);
      await screenshot(page, 'officer-search-360x640');
      expect(await seriousAccessibilityViolations(page)).toEqual([]);
    } finally {
      await handheld.close();
    }
  });

  it('should show a prosecutor the case: its timeline across agencies with provenance, and its clocks with their source', async () => {
    const scenario = caseScenario({ policeArea: A });
    for (const record of scenario.records)
      expect((await postRecord(hub, 'shieldline-events', JSON.stringify(record))).status).toBe(202);
    const prosecutor: ShieldlineClaims = {
      sub: 'cps-lawyer-1',
      agency: 'cps',
      area: null,
      roles: ['prosecutor'],
      purpose: 'prosecution',
    };
    const page = await signedInPage(context, hub.url, await tokenFor(prosecutor), 'prosecution');
    await page.getByLabel('Police URN').fill(scenario.caseUrn);
    await expectEventually(async () => {
      await page.getByRole('button', { name: 'Open case' }).click();
      await page.locator(`#case[data-case="${scenario.caseUrn}"]`).waitFor({ timeout: 2_000 });
      const timeline = (await page.locator('#case-timeline').textContent()) ?? '';
      for (const agency of ['police', 'cps', 'court']) expect(timeline).toContain(agency);
    }, 30_000);
    const clocks = (await page.locator('#case-clocks').textContent()) ?? '';
    // Every clock names the provision it implements.
    expect(clocks).toMatch(/s\.\d+/);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    // The area's control room sees the case's breaches on its board.
    const board = await signedInPage(
      context,
      hub.url,
      await tokenFor(controlRoomOf(A)),
      'safeguarding',
      '#/board',
    );
    await board.locator(`#breaches [data-breach="BR-${scenario.token}-1"]`).waitFor();
  });

  it('should find by postcode the orders of the officer’s area protecting someone there', async () => {
    const area = uniquePoliceArea();
    const scenario = caseScenario({ policeArea: area });
    for (const record of scenario.records)
      expect((await postRecord(hub, 'shieldline-events', JSON.stringify(record))).status).toBe(202);
    const page = await signedInPage(context, hub.url, await tokenFor(officerOf(area)), 'enforcement');
    await page.getByLabel('Postcode', { exact: true }).check();
    await page.locator('#postcode').fill('ls1 1aa');
    await expectEventually(async () => {
      await page.getByRole('button', { name: 'Search' }).click();
      await expect(page.locator('#results').textContent()).resolves.toContain(scenario.refs.restrainingOrder);
    }, 30_000);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
  });

  it('should show an auditor who looked at a person, and the audit chain intact', async () => {
    const order = await publishOrder(hub, A);
    await untilProjected(hub, order.orderRef, A);
    const officer = await signedInPage(context, hub.url, await tokenFor(officerOf(A)), 'enforcement');
    await searchByNameAndBirth(officer, order.respondent.surname, order.respondent.dateOfBirth);
    await officer.locator(`[data-order="${order.orderRef}"]`).waitFor();
    const auditor: ShieldlineClaims = {
      sub: 'auditor-1',
      agency: 'police',
      area: null,
      roles: ['auditor'],
      purpose: 'audit',
    };
    const page = await signedInPage(context, hub.url, await tokenFor(auditor), 'audit');
    await page.getByLabel('PNC id').fill(order.respondent.pncId);
    await page.getByRole('button', { name: 'Show consultations' }).click();
    await page.locator('#consultations').waitFor();
    const consultations = (await page.locator('#consultations').textContent()) ?? '';
    expect(consultations).toContain(`pc-${A}`);
    expect(consultations).toContain('enforcement');
    await page.getByRole('button', { name: 'Verify the audit chain' }).click();
    await expect(page.locator('#chain-state').textContent()).resolves.toMatch(/Intact \d+ records checked/);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
  });

  it('should show an operator a dead letter with its reason and problems, and re-drive it', async () => {
    const bad = { messageType: 'ORDER_MADE', messageId: `bad-${uniqueToken()}`, version: 1 };
    expect((await postRecord(hub, 'family-court-orders', JSON.stringify(bad))).status).toBe(422);
    const operator: ShieldlineClaims = {
      sub: 'ops-1',
      agency: 'police',
      area: null,
      roles: ['operator'],
      purpose: 'operations',
    };
    const page = await signedInPage(context, hub.url, await tokenFor(operator), 'operations');
    const letter = page.locator('#dead-letters li', { hasText: 'family-court-orders' }).first();
    await letter.waitFor();
    const text = (await letter.textContent()) ?? '';
    expect(text).toMatch(/schema|invalid|required|must/i);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await letter.getByRole('button', { name: /^Re-drive/ }).click();
    // Still invalid: re-driven, rejected again, kept as a new dead letter — never lost.
    await expect(page.getByRole('status').first().textContent()).resolves.toMatch(
      /Dead letter .+: (rejected|dead lettered|accepted)/i,
    );
  });

  it('should meet WCAG 2.2 AA on the sign-in page (axe-core: no serious or critical violation)', async () => {
    const page = await context.newPage();
    await page.goto(`${hub.url}/`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
  });
});
