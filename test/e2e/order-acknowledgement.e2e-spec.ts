import { createServer } from 'node:http';
import { type AddressInfo } from 'node:net';
import { type Hub } from '../../src/app';
import { type ShieldlineClaims } from '../../src/security/identity';
import { nonMolestationOrder, uniquePoliceArea } from '../factories/family-court.factory';
import {
  COURT_PUBLISHER,
  expectEventually,
  graphql,
  officerOf,
  postRecord,
  startTestHub,
} from '../utils/test-hub';

const SECURITY_ADMIN: ShieldlineClaims = {
  sub: 'sec-admin-1',
  agency: 'other',
  area: null,
  roles: ['security-admin'],
  purpose: 'operations',
};
const forceAdminOf = (area: string): ShieldlineClaims => ({
  sub: `force-admin-${area}`,
  agency: 'police',
  area,
  roles: ['force-admin'],
  purpose: 'operations',
});

const SET = `mutation ($area: String!, $ack: Int!, $every: Int!) {
  setForceSetting(policeArea: $area, acknowledgeWithinSeconds: $ack, escalateEverySeconds: $every) {
    policeArea acknowledgeWithinSeconds escalateEverySeconds updatedBy
  }
}`;
const WAITING = `query ($area: String!) {
  unacknowledgedOrders(policeArea: $area) { waitingSeconds order { reference } notification { escalations { step } } }
}`;
const NOTIFICATIONS = `query ($ref: String!) {
  protectiveOrder(reference: $ref) {
    notifications { policeArea notifiedAt acknowledgedBy acknowledgedAt escalations { step at } }
  }
}`;

interface Notification {
  policeArea: string;
  notifiedAt: string;
  acknowledgedBy: string | null;
  acknowledgedAt: string | null;
  escalations: { step: number; at: string }[];
}

async function orderIdOf(hub: Hub, orderRef: string): Promise<string> {
  const rows = await hub.dataSource.query<{ order_id: string }[]>(
    `SELECT order_id::text FROM protective_order WHERE order_ref = $1`,
    [orderRef],
  );
  return rows[0]!.order_id;
}

/** Acknowledgement checks of one order not yet finished (waiting and due, or in hand). */
async function checksInFlight(hub: Hub, orderId: string, states: string[]): Promise<number> {
  const [row] = await hub.dataSource.query<{ n: number }[]>(
    `SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'order-acknowledgement'
       AND data->>'orderId' = $1 AND state = ANY($2::pgboss.job_state[]) AND start_after <= now()`,
    [orderId, states],
  );
  return row!.n;
}

/**
 * An order announced to its force waits for a person there to acknowledge it. Not acknowledged within the
 * force's time, it escalates to the control room — an ORDER_NOT_ACKNOWLEDGED alert, recorded on the order —
 * and again at every interval, until someone acknowledges it; then it stops.
 */
describe('order acknowledgement and escalation (real Kafka + PostgreSQL)', () => {
  let hub: Hub;

  beforeAll(async () => {
    hub = await startTestHub({ DELIVERY_ALLOW_HTTP: 'true' });
  });

  afterAll(async () => {
    await hub.stop();
  });

  it('should let only a force’s own administrator (or a security administrator) set its times', async () => {
    const area = uniquePoliceArea();
    const other = uniquePoliceArea();
    const own = await graphql(hub, SET, { area, ack: 600, every: 300 }, forceAdminOf(area));
    expect(own.errors).toBeUndefined();
    expect(own.data).toEqual({
      setForceSetting: {
        policeArea: area,
        acknowledgeWithinSeconds: 600,
        escalateEverySeconds: 300,
        updatedBy: `force-admin-${area}`,
      },
    });
    for (const [caller, target] of [
      [forceAdminOf(area), other],
      [officerOf(area), area],
    ] as const) {
      const refused = await graphql(hub, SET, { area: target, ack: 1, every: 1 }, caller);
      expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    const bad = await graphql(hub, SET, { area, ack: 0, every: 1 }, SECURITY_ADMIN);
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const [audited] = await hub.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM audit_record WHERE operation = 'setForceSetting' AND actor = $1`,
      [`force-admin-${area}`],
    );
    expect(audited!.n).toBe(1);
    const read = await graphql<{ forceSetting: { acknowledgeWithinSeconds: number } }>(
      hub,
      `
        query ($area: String!) {
          forceSetting(policeArea: $area) {
            acknowledgeWithinSeconds
          }
        }
      `,
      { area: other },
      SECURITY_ADMIN,
    );
    // Never set: the defaults (15 minutes, the VINE anchor).
    expect(read.data?.forceSetting.acknowledgeWithinSeconds).toBe(900);
  });

  it('should escalate an order nobody acknowledged on schedule, and stop once someone does', async () => {
    const area = uniquePoliceArea();
    const set = await graphql(hub, SET, { area, ack: 2, every: 2 }, SECURITY_ADMIN);
    expect(set.errors).toBeUndefined();
    // A second system (a duty inspector's) takes the escalations only.
    const escalationTypes: string[] = [];
    const receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const event = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
          type: string;
          data: { alert?: { kind: string } };
        };
        escalationTypes.push(event.data.alert?.kind ?? event.type);
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const registered = await graphql(
      hub,
      `
        mutation ($area: String!, $url: String) {
          registerDeliveryEndpoint(policeArea: $area, kind: WEBHOOK, url: $url, role: ESCALATION) {
            endpoint {
              id
            }
          }
        }
      `,
      { area, url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/escalations` },
      SECURITY_ADMIN,
    );
    expect(registered.errors).toBeUndefined();
    try {
      const order = nonMolestationOrder({ policeForce: area });
      expect(
        (
          await postRecord(
            hub,
            'family-court-orders',
            JSON.stringify(order.granted),
            'application/json',
            COURT_PUBLISHER,
          )
        ).status,
      ).toBe(202);
      const officer = officerOf(area);
      // Waiting, on the control room's list.
      await expectEventually(async () => {
        const answer = await graphql<{ unacknowledgedOrders: { order: { reference: string } }[] }>(
          hub,
          WAITING,
          { area },
          officer,
        );
        expect(answer.data?.unacknowledgedOrders.map((w) => w.order.reference)).toContain(order.orderRef);
      });
      // Not acknowledged: escalated, and escalated again an interval later.
      const escalated = await expectEventually(async () => {
        const answer = await graphql<{ protectiveOrder: { notifications: Notification[] } }>(
          hub,
          NOTIFICATIONS,
          { ref: order.orderRef },
          officer,
        );
        const [notification] = answer.data!.protectiveOrder.notifications;
        expect(notification!.escalations.map((e) => e.step).slice(0, 2)).toEqual([1, 2]);
        return notification!;
      }, 30_000);
      const notifiedAt = Date.parse(escalated.notifiedAt);
      // On schedule: never before the force's time (2 s), then every interval (2 s).
      expect(Date.parse(escalated.escalations[0]!.at) - notifiedAt).toBeGreaterThanOrEqual(2000);
      expect(Date.parse(escalated.escalations[1]!.at) - notifiedAt).toBeGreaterThanOrEqual(4000);
      const alerts = await graphql<{ alerts: { edges: { node: { kind: string; subjectRef: string } }[] } }>(
        hub,
        `
          query ($area: String!) {
            alerts(policeArea: $area) {
              edges {
                node {
                  kind
                  subjectRef
                }
              }
            }
          }
        `,
        { area },
        officer,
      );
      expect(
        alerts.data!.alerts.edges.filter(
          (e) => e.node.kind === 'ORDER_NOT_ACKNOWLEDGED' && e.node.subjectRef === order.orderRef,
        ).length,
      ).toBeGreaterThanOrEqual(2);

      const ack = await graphql(
        hub,
        `
          mutation ($ref: String!) {
            acknowledgeOrder(reference: $ref) {
              acknowledgedBy
            }
          }
        `,
        { ref: order.orderRef },
        officer,
      );
      expect(ack.errors).toBeUndefined();
      const orderId = await orderIdOf(hub, order.orderRef);
      // A check already in hand when the acknowledgement landed may still record its step: let it finish.
      await expectEventually(async () => expect(await checksInFlight(hub, orderId, ['active'])).toBe(0));
      const atAcknowledgement = (
        await graphql<{ protectiveOrder: { notifications: Notification[] } }>(
          hub,
          NOTIFICATIONS,
          { ref: order.orderRef },
          officer,
        )
      ).data!.protectiveOrder.notifications[0]!;
      expect(atAcknowledgement.acknowledgedBy).toBe(officer.sub);
      const steps = atAcknowledgement.escalations.length;
      // The next check comes due, runs, finds the acknowledgement, and escalates no more.
      const nextCheckAt = notifiedAt + 2000 + steps * 2000;
      await expectEventually(async () => {
        expect(Date.now()).toBeGreaterThan(nextCheckAt);
        expect(await checksInFlight(hub, orderId, ['created', 'retry', 'active'])).toBe(0);
      }, 30_000);
      const after = (
        await graphql<{ protectiveOrder: { notifications: Notification[] } }>(
          hub,
          NOTIFICATIONS,
          { ref: order.orderRef },
          officer,
        )
      ).data!.protectiveOrder.notifications[0]!;
      expect(after.escalations).toHaveLength(steps);
      const waiting = await graphql<{ unacknowledgedOrders: { order: { reference: string } }[] }>(
        hub,
        WAITING,
        { area },
        officer,
      );
      expect(waiting.data?.unacknowledgedOrders.map((w) => w.order.reference)).not.toContain(order.orderRef);
      // The escalation endpoint had each escalation, and nothing else (not the grant itself).
      await expectEventually(() => expect(escalationTypes).toHaveLength(steps));
      expect(new Set(escalationTypes)).toEqual(new Set(['ORDER_NOT_ACKNOWLEDGED']));
    } finally {
      await new Promise<void>((resolve) => receiver.close(() => resolve()));
    }
  }, 60_000);

  it('should not list another force’s orders, and not escalate an order whose force acknowledged in time', async () => {
    const area = uniquePoliceArea();
    await graphql(hub, SET, { area, ack: 3, every: 3 }, SECURITY_ADMIN);
    const order = nonMolestationOrder({ policeForce: area });
    await postRecord(
      hub,
      'family-court-orders',
      JSON.stringify(order.granted),
      'application/json',
      COURT_PUBLISHER,
    );
    const officer = officerOf(area);
    await expectEventually(async () => {
      const answer = await graphql(
        hub,
        `
          mutation ($ref: String!) {
            acknowledgeOrder(reference: $ref) {
              acknowledgedBy
            }
          }
        `,
        { ref: order.orderRef },
        officer,
      );
      expect(answer.data).toEqual({ acknowledgeOrder: { acknowledgedBy: officer.sub } });
    });
    const elsewhere = await graphql(hub, WAITING, { area }, officerOf(uniquePoliceArea()));
    expect(elsewhere.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const orderId = await orderIdOf(hub, order.orderRef);
    // The first check comes due, runs, finds the acknowledgement: no escalation, no alert.
    await expectEventually(async () => {
      const [row] = await hub.dataSource.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'order-acknowledgement'
           AND data->>'orderId' = $1 AND state = 'completed'`,
        [orderId],
      );
      expect(row!.n).toBe(1);
    }, 30_000);
    const notification = (
      await graphql<{ protectiveOrder: { notifications: Notification[] } }>(
        hub,
        NOTIFICATIONS,
        { ref: order.orderRef },
        officer,
      )
    ).data!.protectiveOrder.notifications[0]!;
    expect(notification.escalations).toEqual([]);
    expect(notification.acknowledgedBy).toBe(officer.sub);
  }, 60_000);
});
