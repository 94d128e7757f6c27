import { familyCourtConnector } from '../../connectors/family-court-orders/family-court.connector';
import { type Hub } from '../../src/app';
import { nonMolestationOrder, uniqueToken } from '../factories/family-court.factory';
import { expectEventually, graphql, startTestHub } from '../utils/test-hub';
import { statementsOf } from '../utils/statements';

interface TimelineResult {
  protectiveOrder: {
    timeline: {
      edges: { cursor: string; node: { eventType: string; occurredAt: string | null; source: string } }[];
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
    };
  };
}

const TIMELINE = `query ($ref: String!, $first: Int!, $after: String) {
  protectiveOrder(reference: $ref) {
    timeline(first: $first, after: $after) {
      edges { cursor node { eventType occurredAt source } }
      pageInfo { hasNextPage endCursor }
    }
  }
}`;

const OFFICER_VIEW = `query ($pnc: String!) {
  searchPeople(pncId: $pnc) {
    person { protectiveOrders { reference timeline(first: 5) { edges { node { eventType summary } } } } }
  }
}`;

describe('order timeline over GraphQL (real Kafka + PostgreSQL)', () => {
  let hub: Hub;

  beforeAll(async () => {
    hub = await startTestHub();
  });

  afterAll(async () => {
    await hub.stop();
  });

  /** `count` orders against one respondent, each granted and served, ingested and projected. */
  async function ordersAgainstOneRespondent(count: number) {
    const token = uniqueToken();
    const orders = Array.from({ length: count }, (_, i) => nonMolestationOrder({ token: `${token}${i}` }));
    const respondent = orders[0]!.respondent;
    const records = orders.flatMap((order) =>
      [{ ...order.granted, respondent }, order.served].map((m) => ({
        bytes: Buffer.from(JSON.stringify(m)),
        contentType: 'application/json',
      })),
    );
    const outcomes = await hub.ingest.ingestBatch(familyCourtConnector, records);
    expect(outcomes.every((o) => o.status === 'ACCEPTED')).toBe(true);
    await expectEventually(async () => {
      const [row] = await hub.dataSource.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM protective_order WHERE order_ref = ANY($1) AND granted AND served`,
        [orders.map((o) => o.orderRef)],
      );
      expect(row!.n).toBe(count);
    }, 30_000);
    return { orders, respondent };
  }

  it('should list what happened in order, with provenance, one page at a time', async () => {
    const { orders } = await ordersAgainstOneRespondent(1);
    const ref = orders[0]!.orderRef;
    const first = await graphql<TimelineResult>(hub, TIMELINE, { ref, first: 1 });
    expect(first.data!.protectiveOrder.timeline.edges.map((e) => e.node)).toEqual([
      {
        eventType: 'uk.shieldline.court.order.granted.v1',
        occurredAt: '2026-11-20T10:15:00.000Z',
        source: 'urn:shieldline:connector:family-court-orders',
      },
    ]);
    expect(first.data!.protectiveOrder.timeline.pageInfo.hasNextPage).toBe(true);

    const after = first.data!.protectiveOrder.timeline.pageInfo.endCursor;
    const second = await graphql<TimelineResult>(hub, TIMELINE, { ref, first: 1, after });
    expect(second.data!.protectiveOrder.timeline.edges.map((e) => e.node.eventType)).toEqual([
      'uk.shieldline.court.order.served.v1',
    ]);
    expect(second.data!.protectiveOrder.timeline.pageInfo).toMatchObject({ hasNextPage: false });

    const bad = await graphql(hub, TIMELINE, { ref, first: 1, after: 'not-a-cursor' });
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('should load the timelines of 100 orders with as few SQL statements as the timeline of one', async () => {
    const one = await ordersAgainstOneRespondent(1);
    const hundred = await ordersAgainstOneRespondent(100);

    // A gateway-only replica on the same database: only the officer query's statements are counted,
    // not the projector's or the outbox relay's.
    const gateway = await startTestHub({ ROLES: 'gateway' });
    const statementsFor = async (pncId: string, expectedOrders: number) => {
      const { result, statements: sql } = await statementsOf(gateway, () =>
        graphql<{
          searchPeople: { person: { protectiveOrders: { timeline: { edges: unknown[] } }[] } }[];
        }>(gateway, OFFICER_VIEW, { pnc: pncId }),
      );
      const orders = result.data!.searchPeople[0]!.person.protectiveOrders;
      expect(orders).toHaveLength(expectedOrders);
      expect(orders.every((o) => o.timeline.edges.length === 2)).toBe(true);
      // Counted at the pool: TypeORM's statements and the named hot reads and audit appends alike. The
      // audit chain's appends are batched by timing, not by data: counted apart and bounded.
      const isAudit = (s: string) => s.includes('audit_append');
      expect(sql.filter(isAudit).length).toBeLessThanOrEqual(3);
      // The revocation list's once-a-second poll runs beside any request that lasts long enough (on a
      // slow host, the hundred orders'): the replica's, not the query's.
      const isBackground = (s: string) => s.includes('FROM token_revocation');
      return sql.filter((s) => !isAudit(s) && !isBackground(s));
    };

    let forOne: string[];
    let forHundred: string[];
    try {
      forOne = await statementsFor(one.respondent.pncId, 1);
      forHundred = await statementsFor(hundred.respondent.pncId, 100);
    } finally {
      await gateway.stop();
    }
    // person search, orders, timelines: one statement each, never one per order.
    // The counter sees the query's statements at all (a blind counter would pass with none).
    expect(forOne.length).toBeGreaterThan(0);
    expect(forHundred.length).toBe(forOne.length);
    expect(forHundred.length).toBeLessThanOrEqual(3);
  });
});
