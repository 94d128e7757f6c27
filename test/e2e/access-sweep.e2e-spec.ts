import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { SignJWT } from 'jose';
import { type Hub } from '../../src/app';
import { type ShieldlineClaims } from '../../src/security/identity';
import { resolvePersonIdentity } from '../../src/domain/person-identity';
import { type CanonicalRecord, caseScenario } from '../factories/case-scenario.factory';
import { uniquePoliceArea } from '../factories/family-court.factory';
import {
  bearer,
  expectEventually,
  graphql,
  openSubscriptions,
  postRecord,
  startTestHub,
  TEST_AUTH,
} from '../utils/test-hub';

/**
 * Deny by default, swept from outside: 17 kinds of token against every query, subscription, mutation,
 * the HTTP ingest door and the error paths, over real data (a case in area A, and a police-perpetrated
 * abuse case whose accused officer serves in force P). For each caller the test collects every answer it
 * got and requires that no personal data outside its entitlement appears anywhere in them — and that
 * what it is entitled to does appear (so a rule that refuses too much fails too).
 */
describe('access sweep: 20 token kinds × every path (real Kafka + PostgreSQL)', () => {
  let hub: Hub;
  const A = uniquePoliceArea();
  const P = uniquePoliceArea();
  const B = uniquePoliceArea();
  const main = caseScenario({ policeArea: A });
  const ppda = caseScenario({ policeArea: P });
  ppda.records[0]!.data.policePerpetrated = { accusedForce: P };
  // The PPDA victim lives elsewhere, so her address is told apart from the other victim's.
  Object.assign((ppda.victim as { address: Record<string, unknown> }).address, {
    line1: '7 Safe Street',
    postcode: 'LS9 9ZZ',
  });
  for (const record of ppda.records) {
    for (const c of (record.data.conditions as { text: string }[] | undefined) ?? [])
      c.text = c.text.replace('1 Refuge Row, Leeds', '7 Safe Street, Leeds LS9 9ZZ');
  }
  // Held back, and sent while subscriptions are open: a variation and a breach of the PPDA case's order.
  const isLater = (r: CanonicalRecord) =>
    r.type.endsWith('court.order.varied.v1') ||
    (r.type.endsWith('breach.reported.v1') && r.data.breachRef === `BR-${ppda.token}-2`);
  const later = ppda.records.filter(isLater);
  // …and a corrected extension ending the order in three days: its clock is due soon at once, so a
  // deadlineChanged is delivered (or refused) while the subscriptions are open.
  const extension = ppda.records.find((r) => r.type.endsWith('court.order.extended.v1'))!;
  later.push({
    ...extension,
    recordVersion: '2',
    data: { ...extension.data, expiresAt: new Date(Date.now() + 3 * 86_400_000).toISOString() },
  });

  /** What a caller may see, as markers that appear in answers only when that data is released. */
  const markers = {
    mainIdentity: [main.suspect.name.family],
    mainRecords: [main.refs.preChargeBail, main.refs.notice, main.refs.restrainingOrder],
    mainAddress: ['Refuge Row', 'LS1 1AA'],
    ppdaIdentity: [ppda.suspect.name.family],
    // The breach reference: in breach records, the course of conduct and the repeat-breach alert.
    ppdaRecords: [
      ppda.refs.preChargeBail,
      ppda.refs.notice,
      ppda.refs.restrainingOrder,
      ppda.caseUrn,
      `BR-${ppda.token}-2`,
    ],
    ppdaAddress: ['Safe Street', 'LS9 9ZZ'],
    deadLetters: ['"originalBase64"'],
    reconciliations: ['"reconciliations":[{'],
    statistics: ['"ORDERS_GRANTED"'],
    // Durations per source and stage: an aggregate, for analysts and the force's own oversight.
    latency: ['"stage":"projected"'],
    consultations: ['"outcome"'],
    auditChain: ['"intact":'],
    // Victims' safe contacts (consents recorded in beforeAll): the main victim's by area A, the PPDA
    // victim's inside the accused force P by its professional standards.
    mainVictimContact: ['07700 900111'],
    ppdaVictimContact: ['07700 900222'],
  } as const;
  type Marker = keyof typeof markers;

  const police = (area: string | null, roles = ['officer'], purpose = 'enforcement'): ShieldlineClaims =>
    ({ sub: `pc-${area}-${roles.join('+')}`, agency: 'police', area, roles, purpose }) as ShieldlineClaims;
  const callers: Record<string, { claims: ShieldlineClaims | null; sees: Marker[]; noExp?: boolean }> = {
    'officer of area A': {
      claims: police(A),
      sees: ['mainIdentity', 'mainRecords', 'mainAddress', 'ppdaIdentity', 'ppdaRecords'],
    },
    'officer of another force B': {
      claims: police(B),
      sees: ['mainIdentity', 'mainRecords', 'ppdaIdentity', 'ppdaRecords'],
    },
    "officer of the accused officer's force P": {
      claims: police(P),
      sees: ['mainIdentity', 'mainRecords'],
    },
    // Reviewers of person links (REVIEW_PERSON_LINKS): they read what an officer of their force reads.
    'supervisor of area A': {
      claims: police(A, ['supervisor']),
      sees: ['mainIdentity', 'mainRecords', 'mainAddress', 'ppdaIdentity', 'ppdaRecords', 'latency'],
    },
    "supervisor of the accused officer's force P": {
      claims: police(P, ['supervisor']),
      sees: ['mainIdentity', 'mainRecords', 'latency'],
    },
    'officer of P, area written in lower case': {
      claims: police(P.toLowerCase()),
      sees: ['mainIdentity', 'mainRecords'],
    },
    'professional standards of P': {
      claims: police(P, ['professional-standards']),
      sees: ['mainIdentity', 'mainRecords', 'ppdaIdentity', 'ppdaRecords', 'ppdaAddress'],
    },
    'officer of area A, safeguarding': {
      claims: police(A, ['officer'], 'safeguarding'),
      sees: [
        'mainIdentity',
        'mainRecords',
        'mainAddress',
        'ppdaIdentity',
        'ppdaRecords',
        'mainVictimContact',
      ],
    },
    "officer of the accused officer's force P, safeguarding": {
      claims: police(P, ['officer'], 'safeguarding'),
      sees: ['mainIdentity', 'mainRecords'],
    },
    'professional standards of P, safeguarding': {
      claims: police(P, ['professional-standards'], 'safeguarding'),
      sees: [
        'mainIdentity',
        'mainRecords',
        'ppdaIdentity',
        'ppdaRecords',
        'ppdaAddress',
        'ppdaVictimContact',
      ],
    },
    'CPS prosecutor whose area code is P': {
      claims: { sub: 'cps-1', agency: 'cps', area: P, roles: ['prosecutor'], purpose: 'prosecution' },
      sees: ['mainIdentity', 'mainRecords', 'ppdaIdentity', 'ppdaRecords'],
    },
    'IDVA of area A': {
      claims: { sub: 'idva-1', agency: 'idva', area: A, roles: ['idva'], purpose: 'safeguarding' },
      sees: ['mainIdentity', 'mainRecords', 'mainAddress', 'ppdaIdentity', 'mainVictimContact'],
    },
    analyst: {
      claims: { sub: 'an-1', agency: 'police', area: A, roles: ['analyst'], purpose: 'analysis' },
      sees: ['statistics', 'latency'],
    },
    'police operator': {
      claims: police(null, ['operator'], 'operations'),
      sees: ['deadLetters', 'reconciliations'],
    },
    'immigration operator': {
      claims: { sub: 'im-op', agency: 'immigration', area: null, roles: ['operator'], purpose: 'operations' },
      sees: [],
    },
    'immigration enforcement officer': {
      claims: { sub: 'im-1', agency: 'immigration', area: A, roles: ['officer'], purpose: 'enforcement' },
      sees: [],
    },
    auditor: {
      claims: police(null, ['auditor'], 'audit'),
      sees: ['mainIdentity', 'ppdaIdentity', 'consultations', 'auditChain'],
    },
    'police officer without an area': { claims: police(null), sees: [] },
    'token without exp': { claims: police(A), sees: [], noExp: true },
    'court publisher': {
      claims: { sub: 'court-1', agency: 'court', area: null, roles: ['publisher'], purpose: 'publication' },
      sees: [],
    },
    'other agency, no roles, operations': {
      claims: { sub: 'x', agency: 'other', area: null, roles: [], purpose: 'operations' },
      sees: [],
    },
    'no token': { claims: null, sees: [] },
  };

  const PERSON = `
    id givenName familyName dateOfBirth pncId
    protectiveOrders(includeEnded: true) { reference caseUrn conditions { text }
      protectedPersons { familyName address { line1 postcode } } exclusionZones { description postcode } }
    bail(includeEnded: true) { reference caseUrn conditions { text } }
    notices { reference caseUrn conditions { text } }
    cases { urn stage }
    incidents { crimeReference caseUrn }
    breaches { reference caseUrn breachedReference description }
    riskAssessments { assessmentRef caseUrn }
    assertions { familyName postcode }
    possibleMatches { person { familyName } }
    timeline(first: 100) { edges { node { summary } } }`;
  const CASE = `urn stage timeline(first: 100) { edges { node { summary } } }
    deadlines { subjectRef description } alerts { subjectRef message } conflicts { field values { value } }`;

  /** The two victims' person ids, found in beforeAll. */
  const victimIds: string[] = [];

  function queries(): { query: string; variables?: Record<string, unknown> }[] {
    const list: { query: string; variables?: Record<string, unknown> }[] = [];
    for (const personId of victimIds) {
      list.push(
        {
          query: `query ($p: ID!) { victimConsents(personId: $p) { phoneNumber channel } victimNotifications(personId: $p) { kind status } }`,
          variables: { p: personId },
        },
        {
          query: `mutation ($p: ID!) { recordVictimConsent(input: { personId: $p, channel: SMS, phoneNumber: "07700 900999", topics: [ORDERS], doNotLeaveMessages: true, consentedAt: "2026-11-01T10:00:00Z" }) { id } }`,
          variables: { p: personId },
        },
      );
    }
    // Review queues of both areas: candidates only for the area's own reviewers, each record released.
    for (const area of [A, P])
      list.push({
        query: `query ($a: String!) { personLinkReviewQueue(policeArea: $a) { person { familyName } candidate { person { familyName } reason } } }`,
        variables: { a: area },
      });
    // A decision on two person records: only a reviewer who may see both may make it.
    list.push({
      query: `mutation ($p: ID!, $o: ID!) { decidePersonLink(personId: $p, otherPersonId: $o, decision: DIFFERENT_PEOPLE, reason: "sweep") { id personIds } }`,
      variables: {
        p: resolvePersonIdentity(main.suspect, { eventId: '', role: '' }).personId,
        o: resolvePersonIdentity(ppda.suspect, { eventId: '', role: '' }).personId,
      },
    });
    for (const [i, s] of [main, ppda].entries()) {
      const victim = s.victim as { name: { family: string }; dateOfBirth: string };
      const suspectId = resolvePersonIdentity(s.suspect, { eventId: '', role: '' }).personId;
      if (victimIds[i])
        list.push({
          query: `query ($p: ID!, $v: ID!) { courseOfConduct(perpetratorId: $p, victimId: $v) {
            entries { kind reference summary } counts { breaches orders } } }`,
          variables: { p: suspectId, v: victimIds[i] },
        });
      list.push(
        {
          query: `query ($p: String!) { searchPeople(pncId: $p) { person { ${PERSON} } } }`,
          variables: { p: s.suspectPnc },
        },
        {
          query: `query ($f: String!, $d: LocalDate!) { searchPeople(familyName: $f, dateOfBirth: $d) { person { ${PERSON} } } }`,
          variables: { f: victim.name.family, d: victim.dateOfBirth },
        },
        { query: `query ($u: String!) { case(urn: $u) { ${CASE} } }`, variables: { u: s.caseUrn } },
        // The same records as the hub held them a moment ago (asKnownAt): decided on the same labels.
        {
          query: `query ($p: String!, $at: DateTime) { searchPeople(pncId: $p, asKnownAt: $at) { person {
            id familyName
            protectiveOrders(includeEnded: true) { reference caseUrn conditions { text }
              protectedPersons { familyName address { line1 postcode } } timeline { edges { node { summary } } } }
            bail(includeEnded: true) { reference caseUrn conditions { text } }
            cases { urn stage timeline(first: 100) { edges { node { summary } } } }
            timeline(first: 100) { edges { node { summary } } } } } }`,
          variables: { p: s.suspectPnc, at: new Date().toISOString() },
        },
        {
          query: `query ($u: String!, $r: String!, $at: DateTime) {
            case(urn: $u, asKnownAt: $at) { urn stage timeline(first: 100) { edges { node { summary } } } }
            protectiveOrder(reference: $r, asKnownAt: $at) { reference conditions { text }
              protectedPersons { familyName address { line1 postcode } } } }`,
          variables: { u: s.caseUrn, r: s.refs.restrainingOrder, at: new Date().toISOString() },
        },
        {
          query: `query ($r: String!) { protectiveOrder(reference: $r) { reference caseUrn conditions { text } protectedPersons { familyName address { line1 postcode } } timeline { edges { node { summary } } }
            versions { conditions { text } exclusionZones { description postcode } }
            versionDiff(from: 1, to: 4) { conditionsAdded { text } conditionsRemoved { text } conditionsReworded { before { text } after { text } } exclusionZonesAdded { description postcode } exclusionZonesRemoved { description postcode } }
            conflicts { field values { value sources } } } }`,
          variables: { r: s.refs.restrainingOrder },
        },
        {
          query: `mutation ($r: String!) { acknowledgeOrder(reference: $r) { reference policeArea } }`,
          variables: { r: s.refs.restrainingOrder },
        },
      );
    }
    for (const area of [A, P, P.toLowerCase()]) {
      list.push({
        query: `query ($a: String!) {
          alerts(policeArea: $a) { edges { node { subjectRef message } } }
          deadlines(policeArea: $a, withinDays: 3660) { edges { node { subjectRef description } } }
          protectiveOrdersInArea(policeArea: $a, includeEnded: true) { edges { node { reference conditions { text } } } }
          postcode: protectiveOrdersInArea(policeArea: $a, postcode: "LS1 1AA", includeEnded: true) { edges { node { reference } } } }`,
        variables: { a: area },
      });
      list.push({
        query: `query ($a: String!) { breachesInArea(policeArea: $a) { edges { node { reference description } } } }`,
        variables: { a: area },
      });
    }
    list.push(
      { query: '{ deadLetters { edges { node { originalBase64 message } } } }' },
      {
        query:
          '{ reconciliations(from: "2000-01-01", to: "2100-01-01") { manifestRecords differences { kind sourceRecordId } } }',
      },
      {
        query:
          '{ statistics(measure: ORDERS_GRANTED, from: "2025-01-01", to: "2027-01-01") { measure category count } }',
      },
      { query: '{ pipelineLatency { source stage count p99 } }' },
      { query: '{ auditChainVerification { intact checked } }' },
      {
        query: `query ($p: String!) { searchPeople(pncId: $p) { person { consultations { edges { node { operation outcome } } } } } }`,
        variables: { p: main.suspectPnc },
      },
      // Mutations: each gated by the table (nothing of a refused one is done or shown).
      { query: 'mutation { revokeToken(tokenId: "sweep-unused-token", reason: "sweep") }' },
      { query: 'mutation { redriveDeadLetter(id: "00000000-0000-0000-0000-000000000000") { outcome } }' },
      {
        query: `mutation ($m: JSONObject!) { publishCourtOrder(message: $m) { __typename ... on OrderRejected { reason } } }`,
        variables: { m: { messageType: 'ORDER_MADE' } },
      },
      // Error paths: a bad cursor, an unknown field (no suggestion may name a field), a malformed body.
      {
        query: `query ($u: String!) { case(urn: $u) { timeline(after: "bogus") { edges { cursor } } } }`,
        variables: { u: ppda.caseUrn },
      },
      { query: '{ deadLetter { id } }' },
    );
    return list;
  }

  async function authorization(name: string): Promise<Record<string, string>> {
    const caller = callers[name]!;
    if (!caller.claims) return {};
    if (!caller.noExp) return { authorization: await bearer(caller.claims) };
    const { sub, ...claims } = caller.claims;
    const token = await new SignJWT({ ...claims })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(sub)
      .setIssuer(TEST_AUTH.issuer)
      .setAudience(TEST_AUTH.audience)
      .setIssuedAt()
      .sign(new TextEncoder().encode(TEST_AUTH.secret));
    return { authorization: `Bearer ${token}` };
  }

  /** Every answer this caller gets, as text: queries, mutations, ingest, error bodies, subscriptions. */
  const answers = new Map<string, string[]>();

  // The accused force's own system, registered to receive its area's orders and alerts.
  const forceSystem: { bodies: string[]; server: Server | null } = { bodies: [], server: null };

  beforeAll(async () => {
    hub = await startTestHub({ DELIVERY_ALLOW_HTTP: 'true' });
    forceSystem.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        forceSystem.bodies.push(Buffer.concat(chunks).toString('utf8'));
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => forceSystem.server!.listen(0, '127.0.0.1', resolve));
    const registered = await graphql(
      hub,
      `
        mutation ($area: String!, $url: String) {
          registerDeliveryEndpoint(policeArea: $area, kind: WEBHOOK, url: $url) {
            endpoint {
              id
            }
          }
        }
      `,
      { area: P, url: `http://127.0.0.1:${(forceSystem.server.address() as AddressInfo).port}/in` },
      {
        sub: 'sweep-sec-admin',
        agency: 'other',
        area: null,
        roles: ['security-admin'],
        purpose: 'operations',
      },
    );
    expect(registered.errors).toBeUndefined();
    for (const record of [...main.records, ...ppda.records.filter((r) => !isLater(r))]) {
      expect((await postRecord(hub, 'shieldline-events', JSON.stringify(record))).status).toBe(202);
    }
    await postRecord(hub, 'shieldline-events', '{"not":"a record"}');
    // A source's manifest, so there is a reconciliation result to be refused or released.
    const manifest = await fetch(`${hub.url}/reconciliation/shieldline-events`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: await bearer(callers['court publisher']!.claims!),
      },
      body: JSON.stringify({ day: '2026-12-01', records: [{ id: main.records[0]!.recordId, version: 1 }] }),
    });
    expect(manifest.status).toBe(200);
    const standards = callers['professional standards of P']!.claims;
    await expectEventually(async () => {
      for (const s of [main, ppda]) {
        const found = await graphql<{ case: { stage: string } | null }>(
          hub,
          'query ($u: String!) { case(urn: $u) { stage } }',
          { u: s.caseUrn },
          standards,
        );
        expect(found.data?.case?.stage).toBe('SENTENCED');
      }
    }, 60_000);

    // Each victim's consent to be told, recorded where it may be: the PPDA victim's inside the accused
    // force by its professional standards (an ordinary officer there is refused, see below).
    for (const [s, phone, recorder] of [
      [main, '07700 900111', police(A, ['officer'], 'safeguarding')],
      [ppda, '07700 900222', police(P, ['professional-standards'], 'safeguarding')],
    ] as const) {
      const victim = s.victim as { name: { family: string }; dateOfBirth: string };
      const found = await graphql<{ searchPeople: { person: { id: string } }[] }>(
        hub,
        'query ($f: String!, $d: LocalDate!) { searchPeople(familyName: $f, dateOfBirth: $d) { person { id } } }',
        { f: victim.name.family, d: victim.dateOfBirth },
        standards,
      );
      const personId = found.data!.searchPeople[0]!.person.id;
      victimIds.push(personId);
      const recorded = await graphql(
        hub,
        `
          mutation ($p: ID!, $phone: String!) {
            recordVictimConsent(
              input: {
                personId: $p
                channel: SMS
                phoneNumber: $phone
                topics: [ORDERS, BAIL]
                detail: SUMMARY
                doNotLeaveMessages: false
                consentedAt: "2026-11-01T10:00:00Z"
              }
            ) {
              id
            }
          }
        `,
        { p: personId, phone },
        recorder,
      );
      expect(recorded.errors).toBeUndefined();
    }

    for (const name of Object.keys(callers)) {
      const headers = { 'content-type': 'application/json', ...(await authorization(name)) };
      const texts: string[] = [];
      for (const body of queries()) {
        const response = await fetch(hub.graphqlUrl, { method: 'POST', headers, body: JSON.stringify(body) });
        texts.push(`${response.status} ${await response.text()}`);
      }
      const malformed = await fetch(hub.graphqlUrl, { method: 'POST', headers, body: '{"query": ' });
      texts.push(`${malformed.status} ${await malformed.text()}`);
      const ingest = await fetch(`${hub.url}/ingest/shieldline-events`, {
        method: 'POST',
        headers,
        body: JSON.stringify({
          ...main.records[0]!,
          recordId: `${main.records[0]!.recordId}-probe-${name.length}`,
        }),
      });
      texts.push(`${ingest.status} ${await ingest.text()}`);
      answers.set(name, texts);
    }
  }, 240_000);

  afterAll(async () => {
    await new Promise<void>((resolve) => forceSystem.server?.close(() => resolve()) ?? resolve());
    await hub.stop();
  });

  it.each(Object.keys(callers))('%s: sees exactly its entitlement', (name) => {
    const text = answers.get(name)!.join('\n');
    const sees = new Set(callers[name]!.sees);
    for (const marker of Object.keys(markers) as Marker[]) {
      const found = markers[marker].filter((m) => text.includes(m));
      if (sees.has(marker)) expect({ marker, found: found.length > 0 }).toEqual({ marker, found: true });
      else expect({ marker, found }).toEqual({ marker, found: [] });
    }
    // Nothing internal, and nothing that confirms a refused record exists.
    expect(text).not.toMatch(
      /stacktrace|\/work\/|node_modules|Did you mean|police-perpetrated abuse case|<html/i,
    );
  });

  it('answers a refused token with 401, and an unknown caller’s reads with FORBIDDEN or nothing', () => {
    for (const name of ['token without exp']) {
      for (const answer of answers.get(name)!.slice(0, 5)) expect(answer.slice(0, 3)).toBe('401');
    }
    const other = answers.get('other agency, no roles, operations')!.join('\n');
    expect(other).toContain('"FORBIDDEN"');
  });

  it('lets no caller without the grant do what a mutation does', async () => {
    const revoked = await hub.dataSource.query<{ n: string }[]>(
      `SELECT count(*) AS n FROM token_revocation WHERE token_id = 'sweep-unused-token'`,
    );
    expect(revoked[0]!.n).toBe('0');
    const published = answers.get('court publisher')!.join('\n');
    expect(published).toContain('"OrderRejected"');
    for (const name of Object.keys(callers).filter((n) => n !== 'court publisher'))
      expect(answers.get(name)!.join('\n')).not.toContain('"OrderRejected"');
    // Only the reviewer who may see both suspects decided anything; the accused force's reviewer was
    // told no more than that one of the people is not known to it.
    const decided = await hub.dataSource.query<{ decided_by: string }[]>(
      `SELECT decided_by FROM person_link_decision WHERE reason = 'sweep' ORDER BY 1`,
    );
    expect(decided).toEqual([{ decided_by: callers['supervisor of area A']!.claims!.sub }]);
    expect(answers.get("supervisor of the accused officer's force P")!.join('\n')).toContain(
      'no person with one of these ids is known to you',
    );
    // Consents each caller tried to record for both victims: only safeguarding police and IDVAs could,
    // and inside the accused force P an ordinary officer could not for the PPDA victim.
    const recorded = await hub.dataSource.query<{ recorded_by: string; victim: string }[]>(
      `SELECT recorded_by, CASE WHEN person_id = $1 THEN 'main' ELSE 'ppda' END AS victim FROM victim_consent
       WHERE contact->>'phoneNumber' = '07700 900999' ORDER BY 1, 2`,
      [victimIds[0]],
    );
    const by = (claims: ShieldlineClaims | null) => claims!.sub;
    expect(recorded).toEqual(
      [
        [by(callers['IDVA of area A']!.claims), 'main'],
        [by(callers['IDVA of area A']!.claims), 'ppda'],
        [by(callers['officer of area A, safeguarding']!.claims), 'main'],
        [by(callers['officer of area A, safeguarding']!.claims), 'ppda'],
        [by(callers["officer of the accused officer's force P, safeguarding"]!.claims), 'main'],
        [by(callers['professional standards of P, safeguarding']!.claims), 'main'],
        [by(callers['professional standards of P, safeguarding']!.claims), 'ppda'],
      ]
        .map(([recordedBy, victim]) => ({ recorded_by: recordedBy!, victim: victim! }))
        .sort((a, b) => (a.recorded_by + a.victim).localeCompare(b.recorded_by + b.victim)),
    );
  });

  it('delivers subscriptions per subscriber and per event from the record’s labels', async () => {
    const subscribers = [
      "officer of the accused officer's force P",
      'professional standards of P',
      'officer of area A',
      'CPS prosecutor whose area code is P',
      'analyst',
      'immigration enforcement officer',
    ];
    const received = new Map<string, string[]>(subscribers.map((s) => [s, []]));
    const openBefore = await openSubscriptions(hub);
    /** Subscriptions the server ended at once (an error, or a result with errors and complete): never open. */
    let refusedAtOnce = 0;
    let requested = 0;
    const clients = subscribers.map((name) => {
      const client = createClient({
        url: hub.graphqlUrl.replace(/^http/, 'ws'),
        webSocketImpl: WebSocket,
        connectionParams: async () => ({ authorization: (await authorization(name)).authorization }),
        retryAttempts: 0,
      });
      const subscriptions = [
        {
          query: `subscription ($a: String!) { orderChanged(policeArea: $a) { order { reference conditions { text } } } }`,
          variables: { a: P },
        },
        {
          query: `subscription ($a: String!) { alertRaised(policeArea: $a) { subjectRef message } }`,
          variables: { a: P },
        },
        {
          query: `subscription ($u: String!) { caseTimeline(caseUrn: $u) { summary } }`,
          variables: { u: ppda.caseUrn },
        },
        {
          query: `subscription ($a: String!) { deadlineChanged(policeArea: $a) { change deadline { subjectRef rule } } }`,
          variables: { a: P },
        },
      ];
      requested += subscriptions.length;
      const disposers = subscriptions.map((payload) =>
        client.subscribe(payload, {
          next: (m) => received.get(name)!.push(JSON.stringify(m)),
          error: (e) => {
            refusedAtOnce += 1;
            received.get(name)!.push(`error ${JSON.stringify(e)}`);
          },
          complete: () => (refusedAtOnce += 1),
        }),
      );
      return { client, disposers };
    });
    try {
      // The signal that every subscription reached the server (graphql-ws sends no "subscribed"
      // acknowledgement): each one is either open on the hub or was refused outright.
      await expectEventually(async () =>
        expect((await openSubscriptions(hub)) - openBefore + refusedAtOnce).toBeGreaterThanOrEqual(requested),
      );
      for (const record of later)
        expect((await postRecord(hub, 'shieldline-events', JSON.stringify(record))).status).toBe(202);
      // Every subscriber's decision on every delivery is audited (a release or a refusal): wait for them.
      await expectEventually(async () => {
        const standards = received.get('professional standards of P')!.join('\n');
        expect(standards).toContain('orderChanged');
        expect(standards).toContain('alertRaised');
        expect(standards).toContain('caseTimeline');
        expect(standards).toContain('deadlineChanged');
        expect(received.get('officer of area A')!.join('\n')).toContain('caseTimeline');
        const refusals = await hub.dataSource.query<{ n: string }[]>(
          `SELECT count(*) AS n FROM audit_record WHERE actor = $1 AND operation LIKE 'refused:%'
             AND operation IN ('refused:orderChanged', 'refused:alertRaised', 'refused:caseTimeline',
                               'refused:deadlineChanged')`,
          [callers["officer of the accused officer's force P"]!.claims!.sub],
        );
        expect(Number(refusals[0]!.n)).toBeGreaterThanOrEqual(4);
      }, 30_000);
      const got = (name: string) => received.get(name)!.join('\n');
      expect(got("officer of the accused officer's force P")).not.toContain(ppda.refs.restrainingOrder);
      expect(got("officer of the accused officer's force P")).not.toMatch(/"data"/);
      expect(got('professional standards of P')).toContain(ppda.refs.restrainingOrder);
      expect(got('professional standards of P')).toContain('ORDER_EXPIRY');
      expect(got("officer of the accused officer's force P")).not.toContain('deadlineChanged');
      // CPS and area A read the case, never another force's board, and never the address.
      expect(got('CPS prosecutor whose area code is P')).toContain('caseTimeline');
      expect(got('CPS prosecutor whose area code is P')).not.toContain('orderChanged');
      expect(got('officer of area A')).not.toContain('alertRaised');
      for (const name of ['analyst', 'immigration enforcement officer'])
        expect(got(name)).not.toMatch(/"data":\{"/);
      for (const name of subscribers.filter((s) => s !== 'professional standards of P'))
        expect(got(name)).not.toContain('Safe Street');
    } finally {
      for (const { client, disposers } of clients) {
        disposers.forEach((d) => d());
        await client.dispose();
      }
    }
  }, 60_000);

  it('delivers nothing of a police-perpetrated abuse case to the accused force’s own system', async () => {
    const standards = callers['professional standards of P']!.claims;
    // Every delivery of the PPDA order to force P is settled — and withheld, so nothing was sent.
    const deliveries = await expectEventually(async () => {
      const answer = await graphql<{ protectiveOrder: { deliveries: { status: string }[] } | null }>(
        hub,
        'query ($r: String!) { protectiveOrder(reference: $r) { deliveries { status } } }',
        { r: ppda.refs.restrainingOrder },
        standards,
      );
      const rows = answer.data?.protectiveOrder?.deliveries ?? [];
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.filter((d) => d.status === 'PENDING')).toEqual([]);
      return rows;
    }, 30_000);
    expect(new Set(deliveries.map((d) => d.status))).toEqual(new Set(['WITHHELD']));
    const sent = forceSystem.bodies.join('\n');
    for (const marker of [...markers.ppdaRecords, ...markers.ppdaIdentity, ...markers.ppdaAddress])
      expect(sent).not.toContain(marker);
  });
});
