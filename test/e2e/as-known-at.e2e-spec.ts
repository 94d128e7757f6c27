import { type Hub } from '../../src/app';
import { rebuildProjections } from '../../src/projection/rebuild';
import { caseScenario } from '../factories/case-scenario.factory';
import { uniquePoliceArea } from '../factories/family-court.factory';
import {
  expectEventually,
  graphqlFor,
  officerOf,
  ownDatabase,
  postRecord,
  startTestHub,
} from '../utils/test-hub';

const ORDER_AT = `query ($ref: String!, $at: DateTime) {
  protectiveOrder(reference: $ref, asKnownAt: $at) {
    asKnownAt status statusReason servedAt powerOfArrest expiresAt
    conditions { paragraph text }
    versions { version eventType }
    timeline(first: 50) { edges { node { eventType } } }
  }
}`;

const PERSON_AT = `query ($pnc: String!, $at: DateTime) {
  searchPeople(pncId: $pnc, asKnownAt: $at) {
    person {
      asKnownAt familyName
      protectiveOrders(includeEnded: true) { reference status }
      bail(includeEnded: true) { reference status }
      cases { urn stage asKnownAt timeline(first: 100) { edges { node { eventType } } } }
    }
  }
}`;

interface OrderAt {
  asKnownAt: string | null;
  status: string;
  statusReason: string;
  servedAt: string | null;
  powerOfArrest: boolean | null;
  expiresAt: string | null;
  conditions: { paragraph: string; text: string }[];
  versions: { version: number; eventType: string }[];
  timeline: { edges: { node: { eventType: string } }[] };
}

/**
 * "What could the attending officer have seen at 02:14?" A case is sent in three parts; between them
 * the test notes the instant the hub had applied the part before. Asked as known at each instant, the
 * hub answers with what it held then — orders with the status they had then — before and after the
 * projections are rebuilt from the event store (a replay).
 */
describe('asKnownAt: what the hub showed at a past instant (real Kafka + PostgreSQL)', () => {
  let hub: Hub;
  const scenario = caseScenario({ policeArea: uniquePoliceArea() });
  const graphql = graphqlFor({ ...officerOf(scenario.policeArea), sub: 'dhr-reviewer-1' });
  const ro = scenario.refs.restrainingOrder;
  const split = scenario.records.findIndex(
    (r) => r.type.endsWith('court.order.granted.v1') && r.data.orderRef === ro,
  );
  const parts = [
    scenario.records.slice(0, split),
    [scenario.records[split]!],
    scenario.records.slice(split + 1),
  ];
  /** The instant after each part was applied (and before the next was sent). */
  const known: Date[] = [];
  let before: Date;

  const orderAt = async (at: Date | null) => {
    const answer = await graphql<{ protectiveOrder: OrderAt | null }>(hub, ORDER_AT, {
      ref: ro,
      at: at?.toISOString() ?? null,
    });
    expect(answer.errors).toBeUndefined();
    return answer.data!.protectiveOrder;
  };

  // A database of its own: a test below rebuilds the projections (see ownDatabase).
  let database: Awaited<ReturnType<typeof ownDatabase>>;

  beforeAll(async () => {
    database = await ownDatabase();
    hub = await startTestHub({ DATABASE_URL: database.url });
    before = new Date();
    for (const part of parts) {
      const ids: string[] = [];
      for (const record of part) {
        const response = await postRecord(hub, 'shieldline-events', JSON.stringify(record));
        expect(response.status).toBe(202);
        ids.push(...(response.body.events as { id: string }[]).map((e) => e.id));
      }
      // The signal: every event of this part is in the store (applied with its projections, one commit).
      await expectEventually(async () => {
        const [row] = await hub.dataSource.query<{ n: number }[]>(
          'SELECT count(*)::int AS n FROM event_store WHERE event_id = ANY($1::uuid[])',
          [ids],
        );
        expect(row!.n).toBe(part.length);
      }, 60_000);
      const [row] = await hub.dataSource.query<{ now: Date }[]>('SELECT now() AS now');
      known.push(row!.now);
    }
  }, 120_000);

  afterAll(async () => {
    await hub?.stop();
    await database?.drop();
  });

  it('should answer with nothing before the order was received, and with the order as it then stood after', async () => {
    expect(await orderAt(before)).toBeNull();
    expect(await orderAt(known[0]!)).toBeNull();
    const granted = (await orderAt(known[1]!))!;
    expect(granted).toMatchObject({
      asKnownAt: known[1]!.toISOString(),
      status: 'GRANTED_NOT_SERVED',
      servedAt: null,
      versions: [{ version: 1, eventType: 'uk.shieldline.court.order.granted.v1' }],
    });
    expect(granted.statusReason).toMatch(/not yet served/);
    expect(granted.timeline.edges.map((e) => e.node.eventType)).toEqual([
      'uk.shieldline.court.order.granted.v1',
    ]);
    const now = (await orderAt(known[2]!))!;
    expect(now).toMatchObject({
      status: 'IN_FORCE',
      powerOfArrest: true,
      expiresAt: '2029-01-10T12:10:00.000Z',
    });
    expect(now.versions).toHaveLength(4);
    expect(now.timeline.edges.length).toBeGreaterThan(granted.timeline.edges.length);
    // Today's answer (no asKnownAt) is the latest one, and says it is not a past view.
    expect(await orderAt(null)).toEqual({ ...now, asKnownAt: null });
  });

  it('should find the person only once known, with the orders, bail and cases held at each instant', async () => {
    const personAt = async (at: Date) => {
      const answer = await graphql<{
        searchPeople: {
          person: {
            protectiveOrders: { reference: string; status: string }[];
            bail: { reference: string; status: string }[];
            cases: { urn: string; stage: string; timeline: { edges: unknown[] } }[];
          };
        }[];
      }>(hub, PERSON_AT, { pnc: scenario.suspectPnc, at: at.toISOString() });
      expect(answer.errors).toBeUndefined();
      return answer.data!.searchPeople.map((m) => m.person);
    };
    expect(await personAt(before)).toEqual([]);
    const [first] = await personAt(known[0]!);
    expect(first!.protectiveOrders.map((o) => o.reference)).not.toContain(ro);
    // Pre-charge bail was cancelled in the first part; court bail was granted and then revoked.
    expect(first!.bail.map((b) => b.status).sort()).toEqual(['CANCELLED', 'REVOKED']);
    const [second] = await personAt(known[1]!);
    expect(second!.protectiveOrders).toContainEqual({ reference: ro, status: 'GRANTED_NOT_SERVED' });
    const [third] = await personAt(known[2]!);
    expect(third!.protectiveOrders).toContainEqual({ reference: ro, status: 'IN_FORCE' });
    const caseAt = (p: typeof first) => p!.cases.find((c) => c.urn === scenario.caseUrn)!;
    expect(caseAt(first).timeline.edges.length).toBeLessThan(caseAt(third).timeline.edges.length);
  });

  it('should give the same answers after the projections are rebuilt from the event store', async () => {
    const beforeReplay = await Promise.all(known.map((at) => orderAt(at)));
    await rebuildProjections(hub.dataSource);
    expect(await Promise.all(known.map((at) => orderAt(at)))).toEqual(beforeReplay);
  }, 120_000);

  it('should audit each past read under an operation naming the instant, with its purpose', async () => {
    await orderAt(known[1]!);
    const rows = await hub.dataSource.query<{ purpose: string; record_ids: string[] }[]>(
      `SELECT purpose, record_ids FROM audit_record WHERE actor = 'dhr-reviewer-1' AND operation = $1`,
      [`protectiveOrder@asKnownAt=${known[1]!.toISOString()}`],
    );
    expect(rows.length).toBeGreaterThan(0);
    expect(rows[0]!.purpose).toBe('enforcement');
  });

  it('should refuse an instant still to come, and a field it cannot answer as known then', async () => {
    const future = await graphql(hub, ORDER_AT, {
      ref: ro,
      at: new Date(Date.now() + 86_400_000).toISOString(),
    });
    expect(future.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const acknowledgements = await graphql(
      hub,
      `
        query ($ref: String!, $at: DateTime) {
          protectiveOrder(reference: $ref, asKnownAt: $at) {
            reference
            acknowledgements {
              policeArea
            }
          }
        }
      `,
      { ref: ro, at: known[2]!.toISOString() },
    );
    expect(acknowledgements.errors?.[0]?.extensions?.code).toBe('NOT_AVAILABLE_AS_KNOWN_AT');
  });
});
