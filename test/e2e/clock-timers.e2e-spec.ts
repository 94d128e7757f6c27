import { type Client } from 'graphql-ws';
import { type Hub } from '../../src/app';
import { dvpnHearingDeadline } from '../../src/domain/rules/deadlines';
import { caseScenario } from '../factories/case-scenario.factory';
import { nonMolestationOrder, uniquePoliceArea } from '../factories/family-court.factory';
import {
  COURT_PUBLISHER,
  expectEventually,
  graphql,
  officerOf,
  postRecord,
  startTestHub,
  subscriptionClient,
} from '../utils/test-hub';

interface Delivery {
  receivedAt: number;
  data: Record<string, unknown>;
}

/** Subscribes `query` as an officer of `area`; `received` fills as deliveries arrive. */
async function watch(hub: Hub, area: string, query: string) {
  const client: Client = subscriptionClient(hub, officerOf(area));
  const received: Delivery[] = [];
  const connected = new Promise<void>((resolve, reject) => {
    client.on('connected', () => resolve());
    client.on('error', reject);
  });
  const dispose = client.subscribe(
    { query, variables: { area } },
    {
      next: (m) => received.push({ receivedAt: Date.now(), data: m.data as Record<string, unknown> }),
      error: () => undefined,
      complete: () => undefined,
    },
  );
  await connected;
  return {
    received,
    close: async () => {
      dispose();
      await client.dispose();
    },
  };
}

const ORDER_CHANGES = `subscription ($area: String!) { orderChanged(policeArea: $area) { changeType eventId order { reference } } }`;
const DEADLINE_CHANGES = `subscription ($area: String!) {
  deadlineChanged(policeArea: $area) { change at deadline { rule subjectRef status dueAt } }
}`;
const ALERTS = `query ($area: String!) { alerts(policeArea: $area, first: 100) { edges { node { kind subjectRef raisedAt } } } }`;

interface AlertNode {
  kind: string;
  subjectRef: string;
  raisedAt: string | null;
}

async function alertsOf(hub: Hub, area: string): Promise<AlertNode[]> {
  const answer = await graphql<{ alerts: { edges: { node: AlertNode }[] } }>(
    hub,
    ALERTS,
    { area },
    officerOf(area),
  );
  expect(answer.errors).toBeUndefined();
  return answer.data!.alerts.edges.map((e) => e.node);
}

async function publishOrder(hub: Hub, area: string, endsOn: string) {
  const order = nonMolestationOrder({ policeForce: area, endsOn });
  for (const message of [order.granted, order.served]) {
    const response = await postRecord(
      hub,
      'family-court-orders',
      JSON.stringify(message),
      'application/json',
      COURT_PUBLISHER,
    );
    expect(response.status).toBe(202);
  }
  return order;
}

/** The pg-boss jobs of one clock have all finished (none waiting, none in hand). */
async function timersSettled(hub: Hub, clockIds: string[]): Promise<void> {
  const [row] = await hub.dataSource.query<{ open: number }[]>(
    `SELECT count(*)::int AS open FROM pgboss.job
     WHERE name = 'clock-transition' AND data->>'clockId' = ANY($1::text[])
       AND state IN ('created', 'retry', 'active') AND start_after <= now()`,
    [clockIds],
  );
  expect(row!.open).toBe(0);
}

async function orderIdOf(hub: Hub, orderRef: string): Promise<string> {
  const [row] = await hub.dataSource.query<{ order_id: string }[]>(
    `SELECT order_id::text FROM protective_order WHERE order_ref = $1`,
    [orderRef],
  );
  return row!.order_id;
}

/**
 * Durable timers (pg-boss in PostgreSQL): every clock tells people when it becomes due soon, due and
 * overdue — an alert, `deadlineChanged` and, at an order's end, an `EXPIRED` order change — once, across
 * restarts and replicas, never before its moment.
 */
describe('clock timers (real Kafka + PostgreSQL)', () => {
  describe('one hub', () => {
    let hub: Hub;

    beforeAll(async () => {
      hub = await startTestHub();
    });

    afterAll(async () => {
      await hub.stop();
    });

    it('should announce an order’s end at its instant — ORDER_EXPIRING at once, then EXPIRED and ORDER_EXPIRED — each once', async () => {
      const area = uniquePoliceArea();
      const orders = await watch(hub, area, ORDER_CHANGES);
      const clocks = await watch(hub, area, DEADLINE_CHANGES);
      try {
        const endsOn = new Date(Date.now() + 6_000).toISOString();
        const order = await publishOrder(hub, area, endsOn);
        const expired = await expectEventually(() => {
          const found = orders.received.filter(
            (d) => (d.data.orderChanged as { changeType: string }).changeType === 'EXPIRED',
          );
          expect(found).toHaveLength(1);
          return found[0]!;
        }, 30_000);
        // Never before its moment.
        expect(expired.receivedAt).toBeGreaterThanOrEqual(Date.parse(endsOn));
        expect((expired.data.orderChanged as { order: { reference: string } }).order.reference).toBe(
          order.orderRef,
        );
        await expectEventually(() =>
          expect(
            clocks.received.map((d) => {
              const c = d.data.deadlineChanged as { change: string; deadline: { rule: string } };
              return `${c.deadline.rule}:${c.change}`;
            }),
          ).toEqual(['ORDER_EXPIRY:DUE_SOON', 'ORDER_EXPIRY:OVERDUE']),
        );
        await expectEventually(async () => timersSettled(hub, [await orderIdOf(hub, order.orderRef)]));
        const alerts = (await alertsOf(hub, area)).filter((a) => a.subjectRef === order.orderRef);
        expect(alerts.map((a) => a.kind).sort()).toEqual(['ORDER_EXPIRED', 'ORDER_EXPIRING']);
        expect(alerts.find((a) => a.kind === 'ORDER_EXPIRED')?.raisedAt).toBe(new Date(endsOn).toISOString());
        const status = await graphql<{ protectiveOrder: { status: string } }>(
          hub,
          `
            query ($ref: String!) {
              protectiveOrder(reference: $ref) {
                status
              }
            }
          `,
          { ref: order.orderRef },
          officerOf(area),
        );
        expect(status.data?.protectiveOrder.status).toBe('EXPIRED');
      } finally {
        await orders.close();
        await clocks.close();
      }
    }, 60_000);

    it('should use a force’s own lead time from the database, and re-schedule its open clocks when it changes', async () => {
      const area = uniquePoliceArea();
      const admin = {
        sub: 'sec-admin-clocks',
        agency: 'other' as const,
        area: null,
        roles: ['security-admin' as const],
        purpose: 'operations' as const,
      };
      const SET_LEAD = `mutation ($area: String!, $minutes: Int) {
        setForceClockLead(policeArea: $area, ruleId: "ORDER_EXPIRY", minutes: $minutes) { dueSoonLeads { ruleId minutes } }
      }`;
      const set = await graphql(hub, SET_LEAD, { area, minutes: 30 }, admin);
      expect(set.data).toEqual({
        setForceClockLead: { dueSoonLeads: [{ ruleId: 'ORDER_EXPIRY', minutes: 30 }] },
      });
      const endsOn = new Date(Date.now() + 2 * 3600_000).toISOString();
      const order = await publishOrder(hub, area, endsOn);
      const orderId = await expectEventually(() => orderIdOf(hub, order.orderRef));
      const scheduled = async () =>
        (
          await hub.dataSource.query<{ transition: string; at: string }[]>(
            `SELECT data->>'transition' AS transition, data->>'at' AS at FROM pgboss.job
             WHERE name = 'clock-transition' AND data->>'clockId' = $1 ORDER BY 2`,
            [orderId],
          )
        ).map((j) => `${j.transition}@${j.at}`);
      const end = Date.parse(endsOn);
      await expectEventually(async () =>
        expect(await scheduled()).toEqual([
          `DUE_SOON@${new Date(end - 30 * 60_000).toISOString()}`,
          `OVERDUE@${new Date(end).toISOString()}`,
        ]),
      );
      // Three hours ahead: the order is "ending soon" now — re-scheduled at once, and raised.
      await graphql(hub, SET_LEAD, { area, minutes: 180 }, admin);
      await expectEventually(async () => {
        const kinds = (await alertsOf(hub, area))
          .filter((a) => a.subjectRef === order.orderRef)
          .map((a) => a.kind);
        expect(kinds).toEqual(['ORDER_EXPIRING']);
      });
      const refused = await graphql(hub, SET_LEAD, { area, minutes: 10 }, officerOf(area));
      expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }, 60_000);

    it('should raise a DVPN’s due-soon at once and its overdue when the 48 hours end, and not again on a re-fold', async () => {
      const area = uniquePoliceArea();
      const scenario = caseScenario({ policeArea: area });
      const issued = scenario.records.find((r) => r.type.endsWith('police.dvpn.issued.v1'))!;
      // A service time whose 48 hours (Sundays and holidays disregarded) end a few seconds from now.
      const target = Date.now() + 4_000;
      let servedAt: string | null = null;
      for (let days = 0; days <= 7 && !servedAt; days++) {
        const candidate = new Date(target - 48 * 3600_000 - days * 86_400_000).toISOString();
        const due = Date.parse(dvpnHearingDeadline.dueAt({ servedAt: candidate }));
        if (Math.abs(due - target) < 1000) servedAt = candidate;
      }
      expect(servedAt).not.toBeNull();
      const dueAt = dvpnHearingDeadline.dueAt({ servedAt: servedAt! });
      const clocks = await watch(hub, area, DEADLINE_CHANGES);
      try {
        const record = {
          ...issued,
          occurredAt: servedAt!,
          data: { ...issued.data, servedAt, authorisedAt: servedAt },
        };
        expect((await postRecord(hub, 'shieldline-events', JSON.stringify(record))).status).toBe(202);
        const overdue = await expectEventually(() => {
          const found = clocks.received.filter(
            (d) => (d.data.deadlineChanged as { change: string }).change === 'OVERDUE',
          );
          expect(found).toHaveLength(1);
          return found[0]!;
        }, 30_000);
        expect(overdue.receivedAt).toBeGreaterThanOrEqual(Date.parse(dueAt));
        expect(overdue.data.deadlineChanged).toMatchObject({
          at: dueAt,
          deadline: {
            rule: 'DVPN_48_HOURS_TO_DVPO_HEARING',
            subjectRef: scenario.refs.notice,
            status: 'OVERDUE',
          },
        });
        // A corrected version of the notice re-folds its stream: the clock's alerts stay, once each.
        const again = {
          ...record,
          recordVersion: '2',
          data: { ...record.data, authorisingRank: 'Chief Superintendent' },
        };
        expect((await postRecord(hub, 'shieldline-events', JSON.stringify(again))).status).toBe(202);
        await expectEventually(async () => {
          const kinds = (await alertsOf(hub, area))
            .filter((a) => a.subjectRef === scenario.refs.notice)
            .map((a) => a.kind)
            .sort();
          expect(kinds).toEqual(['CLOCK_DUE_SOON', 'CLOCK_OVERDUE']);
        });
      } finally {
        await clocks.close();
      }
    }, 60_000);
  });

  it('should fire a timer scheduled by a hub that stopped before it was due, once, when a clock worker starts — and not again on restart', async () => {
    const prefix = `t${Date.now().toString(36)}.`;
    const area = uniquePoliceArea();
    // A projector without the clocks role: it schedules, nothing fires.
    const projectorOnly = await startTestHub({ ROLES: 'gateway,ingest,projector', TOPIC_PREFIX: prefix });
    let order: { orderRef: string };
    let orderId: string;
    try {
      order = await publishOrder(projectorOnly, area, new Date(Date.now() - 3600_000).toISOString());
      orderId = await expectEventually(() => orderIdOf(projectorOnly, order.orderRef));
      await expectEventually(async () => {
        const [row] = await projectorOnly.dataSource.query<{ jobs: number }[]>(
          `SELECT count(*)::int AS jobs FROM pgboss.job WHERE data->>'clockId' = $1`,
          [orderId],
        );
        expect(row!.jobs).toBeGreaterThan(0);
      });
      expect((await alertsOf(projectorOnly, area)).map((a) => a.kind)).not.toContain('ORDER_EXPIRED');
    } finally {
      await projectorOnly.stop();
    }
    const worker = await startTestHub({ ROLES: 'gateway,clocks', TOPIC_PREFIX: prefix });
    try {
      await expectEventually(async () =>
        expect((await alertsOf(worker, area)).map((a) => a.kind)).toContain('ORDER_EXPIRED'),
      );
    } finally {
      await worker.stop();
    }
    const restarted = await startTestHub({ ROLES: 'gateway,clocks', TOPIC_PREFIX: prefix });
    try {
      await expectEventually(() => timersSettled(restarted, [orderId!]));
      const kinds = (await alertsOf(restarted, area)).filter((a) => a.subjectRef === order!.orderRef);
      expect(kinds.map((a) => a.kind)).toEqual(['ORDER_EXPIRED']);
    } finally {
      await restarted.stop();
    }
  }, 90_000);

  it('should fire once with two clock workers on one database', async () => {
    const prefix = `t${Date.now().toString(36)}r.`;
    const area = uniquePoliceArea();
    const first = await startTestHub({ TOPIC_PREFIX: prefix });
    const second = await startTestHub({ ROLES: 'gateway,clocks', TOPIC_PREFIX: prefix });
    const orders = await watch(second, area, ORDER_CHANGES);
    try {
      const order = await publishOrder(first, area, new Date(Date.now() + 4_000).toISOString());
      const orderId = await expectEventually(() => orderIdOf(first, order.orderRef));
      await expectEventually(
        () =>
          expect(
            orders.received.filter(
              (d) => (d.data.orderChanged as { changeType: string }).changeType === 'EXPIRED',
            ),
          ).toHaveLength(1),
        30_000,
      );
      await expectEventually(() => timersSettled(first, [orderId]));
      const [fired] = await first.dataSource.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM clock_transition WHERE clock_id = $1 AND transition = 'OVERDUE'`,
        [orderId],
      );
      expect(fired!.n).toBe(1);
      const kinds = (await alertsOf(first, area)).filter((a) => a.subjectRef === order.orderRef);
      expect(kinds.map((a) => a.kind).sort()).toEqual(['ORDER_EXPIRED', 'ORDER_EXPIRING']);
    } finally {
      await orders.close();
      await second.stop();
      await first.stop();
    }
  }, 90_000);
});
