import { type Hub } from '../../src/app';
import { caseScenario } from '../factories/case-scenario.factory';
import { uniquePoliceArea } from '../factories/family-court.factory';
import { expectEventually, graphql, OFFICER, postRecord, startTestHub } from '../utils/test-hub';

interface Connection {
  edges: { cursor: string; node: { key: string } }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/**
 * Every list in the gateway is a Relay connection read by keyset: walking it one item at a time gives
 * exactly the items of one big page, in the same order — nothing skipped, nothing repeated.
 */
describe('Relay pagination of every list (real Kafka + PostgreSQL)', () => {
  let hub: Hub;
  const scenario = caseScenario({ policeArea: uniquePoliceArea() });
  // A second case in the same area, so every area list has several items to walk.
  const second = caseScenario({ policeArea: scenario.policeArea });
  const officer = { ...OFFICER, area: scenario.policeArea };
  // Dead letters are read by an operator, for operations (the entitlement table).
  const operator = { ...OFFICER, area: null, roles: ['operator'], purpose: 'operations' as const };
  const callerFor = (list: string) => (list === 'deadLetters' ? operator : officer);

  beforeAll(async () => {
    hub = await startTestHub();
    // A second entry without a source time: the two sort by receipt time, then event id.
    const untimed = scenario.records.find((r) => r.type.endsWith('.voluntary-attendance.v1'))!;
    const again = { ...untimed, recordId: `${untimed.recordId}-again` };
    const eventIds: string[] = [];
    for (const record of [...scenario.records, ...second.records, again]) {
      const response = await postRecord(hub, 'shieldline-events', JSON.stringify(record));
      expect(response.status).toBe(202);
      eventIds.push(...(response.body.events as { id: string }[]).map((e) => e.id));
    }
    const deadLetterIds: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const response = await postRecord(hub, 'shieldline-events', JSON.stringify({ not: `a record ${i}` }));
      deadLetterIds.push(response.body.deadLetterId as string);
    }
    // Every list must be complete before it is walked: police, CPS and court events travel on three
    // topics, and dead letters on a fourth.
    await expectEventually(async () => {
      const [row] = await hub.dataSource.query<{ events: number; letters: number }[]>(
        `SELECT (SELECT count(*)::int FROM event_store WHERE event_id = ANY($1::uuid[])) AS events,
                (SELECT count(*)::int FROM dead_letter WHERE dead_letter_id = ANY($2::uuid[])) AS letters`,
        [eventIds, deadLetterIds],
      );
      expect(row).toEqual({ events: eventIds.length, letters: deadLetterIds.length });
    }, 60_000);
  }, 120_000);

  afterAll(async () => {
    await hub.stop();
  });

  /** `field(…, first, after)` whose nodes are selected as `key: <a unique field>`. */
  const lists: Record<string, (first: number, after: string | null) => [string, Record<string, unknown>]> = {
    alerts: (first, after) => [
      `query ($area: String!, $first: Int!, $after: String) {
        list: alerts(policeArea: $area, first: $first, after: $after) { ${SELECTION('key: id')} } }`,
      { area: scenario.policeArea, first, after },
    ],
    deadlines: (first, after) => [
      `query ($area: String!, $first: Int!, $after: String) {
        list: deadlines(policeArea: $area, withinDays: 3660, first: $first, after: $after) {
          ${SELECTION('key: id')} } }`,
      { area: scenario.policeArea, first, after },
    ],
    protectiveOrdersInArea: (first, after) => [
      `query ($area: String!, $first: Int!, $after: String) {
        list: protectiveOrdersInArea(policeArea: $area, includeEnded: true, first: $first, after: $after) {
          ${SELECTION('key: reference')} } }`,
      { area: scenario.policeArea, first, after },
    ],
    deadLetters: (first, after) => [
      `query ($first: Int!, $after: String) {
        list: deadLetters(connector: "shieldline-events", includeRedriven: true, first: $first, after: $after) {
          ${SELECTION('key: id')} } }`,
      { first, after },
    ],
    'case timeline': (first, after) => [
      `query ($urn: String!, $first: Int!, $after: String) {
        case(urn: $urn) { list: timeline(first: $first, after: $after) { ${SELECTION('key: eventId')} } } }`,
      { urn: scenario.caseUrn, first, after },
    ],
  };

  async function page(name: string, first: number, after: string | null): Promise<Connection> {
    const [query, variables] = lists[name]!(first, after);
    const result = await graphql<{ list?: Connection; case?: { list: Connection } }>(
      hub,
      query,
      variables,
      callerFor(name),
    );
    expect(result.errors).toBeUndefined();
    return result.data!.list ?? result.data!.case!.list;
  }

  it.each(Object.keys(lists))(
    'should walk %s one at a time to exactly the one-page listing',
    async (name) => {
      // Dead letters are shared with the rest of the run (the fuzz leaves thousands): compare the walk with
      // the first page of 100 and, where that was the whole list, end where it ends.
      const whole = await page(name, 100, null);
      expect(whole.edges.length).toBeGreaterThan(1);
      const walked: string[] = [];
      let after: string | null = null;
      for (;;) {
        const next = await page(name, 1, after);
        walked.push(...next.edges.map((e) => e.node.key));
        if (walked.length === whole.edges.length) {
          expect(next.pageInfo.hasNextPage).toBe(whole.pageInfo.hasNextPage);
          break;
        }
        expect(next.pageInfo.hasNextPage).toBe(true);
        expect(next.pageInfo.endCursor).toBe(next.edges.at(-1)!.cursor);
        after = next.pageInfo.endCursor;
      }
      expect(walked).toEqual(whole.edges.map((e) => e.node.key));
    },
  );

  it.each(Object.keys(lists))('should refuse a cursor %s never handed out as bad input', async (name) => {
    for (const bogus of ['not-a-cursor', Buffer.from('["x","y","z"]').toString('base64url')]) {
      const [query, variables] = lists[name]!(1, bogus);
      const result = await graphql(hub, query, variables, callerFor(name));
      expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
  });
});

function SELECTION(key: string): string {
  return `edges { cursor node { ${key} } } pageInfo { hasNextPage endCursor }`;
}
