import { request } from 'node:http';
import { connect, type Socket } from 'node:net';
import WebSocket from 'ws';
import { type Hub } from '../../src/app';
import { nonMolestationOrder, uniquePoliceArea } from '../factories/family-court.factory';
import {
  bearer,
  COURT_PUBLISHER,
  expectEventually,
  graphql,
  officerOf,
  startTestHub,
  subscriptionClient,
} from '../utils/test-hub';

/** Another client: loopback traffic from 127.0.0.2 is a different address to the hub. */
const HOSTILE_ADDRESS = '127.0.0.2';

function closed(socket: Socket | WebSocket): Promise<void> {
  return new Promise((resolve) => socket.once('close', () => resolve()));
}

async function metric(hub: Hub, line: RegExp): Promise<number> {
  const text = await (await fetch(`${hub.url}/metrics`)).text();
  const match = text.split('\n').find((l) => line.test(l));
  return match ? Number(match.slice(match.lastIndexOf(' ') + 1)) : 0;
}

/** Uploads many orders in one NDJSON file (one request, so the test is not bound by round trips). */
async function publishMany(hub: Hub, orders: readonly { granted: Record<string, unknown> }[]): Promise<void> {
  const response = await fetch(`${hub.url}/ingest/family-court-orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-ndjson', authorization: await bearer(COURT_PUBLISHER) },
    body: orders.map((o) => JSON.stringify(o.granted)).join('\n'),
  });
  expect(response.status).toBe(200);
  const { summary } = (await response.json()) as { summary: { accepted: number } };
  expect(summary.accepted).toBe(orders.length);
}

/**
 * One client that opens connections and never uses them, or subscribes and never reads, must not take
 * what an officer's query needs: its connections over the bound are closed as they arrive, the rest
 * when they send no request in time, a subscriber that stops reading is dropped once its queue is full,
 * and the officer's query is answered throughout.
 */
describe('fair degradation under idle and never-reading clients (real Kafka + PostgreSQL)', () => {
  let hub: Hub;

  beforeAll(async () => {
    hub = await startTestHub({
      MAX_CONNECTIONS_PER_CLIENT: '20',
      HEADERS_TIMEOUT_MS: '1000',
      IDLE_TIMEOUT_MS: '1000',
      SUBSCRIBER_MAX_QUEUED: '5',
      MAX_SUBSCRIPTIONS_PER_SOCKET: '3',
    });
  });

  afterAll(async () => {
    await hub.stop();
  });

  it('should close a client’s connections over its bound and its idle ones, while another client is answered', async () => {
    const { port } = new URL(hub.url);
    const idle = Array.from({ length: 30 }, () =>
      connect({ host: '127.0.0.1', port: Number(port), localAddress: HOSTILE_ADDRESS }),
    );
    const allClosed = Promise.all(idle.map(closed));
    try {
      // Another client's query is answered while the idle connections are open.
      const answered = await graphql(hub, '{ __typename }', {}, officerOf('WYP'));
      expect(answered.data).toEqual({ __typename: 'Query' });
      // Ten over the bound are closed as they arrive; the twenty others once they have been idle too long.
      await allClosed;
      expect(
        await metric(hub, /^shieldline_connections_refused_total\{bound="per_client"\}/),
      ).toBeGreaterThanOrEqual(10);
      // The bound is per client and frees up: the same client is served again.
      const status = await new Promise<number>((resolve, reject) => {
        const req = request(
          { host: '127.0.0.1', port: Number(port), path: '/healthz', localAddress: HOSTILE_ADDRESS },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        );
        req.on('error', reject);
        req.end();
      });
      expect(status).toBe(200);
    } finally {
      for (const socket of idle) socket.destroy();
    }
  });

  it('should refuse subscriptions over the per-connection bound', async () => {
    const client = subscriptionClient(hub, officerOf('WYP'));
    const errors: string[] = [];
    const disposers = [1, 2, 3, 4].map(() =>
      client.subscribe(
        { query: 'subscription { orderChanged(policeArea: "WYP") { eventId } }' },
        {
          next: () => undefined,
          error: (e: unknown) => errors.push(JSON.stringify(e)),
          complete: () => undefined,
        },
      ),
    );
    try {
      await expectEventually(() => expect(errors).toHaveLength(1));
      expect(errors[0]).toContain('TOO_MANY_SUBSCRIPTIONS');
    } finally {
      for (const dispose of disposers) dispose();
      await client.dispose();
    }
  });

  it('should drop a subscriber that stops reading, and keep answering everyone else', async () => {
    const area = uniquePoliceArea();
    const socket = new WebSocket(hub.graphqlUrl.replace(/^http/, 'ws'), 'graphql-transport-ws', {
      localAddress: HOSTILE_ADDRESS,
    });
    const messages: string[] = [];
    socket.on('message', (data: Buffer) => messages.push(data.toString('utf8')));
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    socket.send(
      JSON.stringify({ type: 'connection_init', payload: { authorization: await bearer(officerOf(area)) } }),
    );
    await expectEventually(() => expect(messages.some((m) => m.includes('connection_ack'))).toBe(true));
    const query = `subscription ($area: String!) { orderChanged(policeArea: $area) {
      changeType eventId order { reference status conditions { paragraph code text } protectedPersons { givenName familyName } } } }`;
    socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query, variables: { area } } }));
    const dropped = await metric(hub, /^shieldline_subscribers_dropped_total\{reason="too_slow"\}/);
    const first = nonMolestationOrder({ policeForce: area });
    await publishMany(hub, [first]);
    await expectEventually(() => expect(messages.some((m) => m.includes('"next"'))).toBe(true));

    // From now on it reads nothing: what the hub sends piles up in the kernel, then in its queue.
    (socket as unknown as { _socket: Socket })._socket.pause();
    const orders = Array.from({ length: 1500 }, () => nonMolestationOrder({ policeForce: area }));
    await publishMany(hub, orders);
    try {
      await expectEventually(
        async () =>
          expect(
            await metric(hub, /^shieldline_subscribers_dropped_total\{reason="too_slow"\}/),
          ).toBeGreaterThan(dropped),
        60_000,
      );
      // Everyone else is still answered.
      const answered = await graphql(hub, '{ __typename }', {}, officerOf(area));
      expect(answered.data).toEqual({ __typename: 'Query' });
    } finally {
      socket.terminate();
    }
  }, 90_000);
});

/**
 * A subscriber that stops reading is dropped early — within two ping intervals, whether or not events
 * flow to it — and counted; a dashboard that reads, on the same hub, keeps its subscription.
 */
describe('never-reading subscribers are dropped by the ping (real Kafka + PostgreSQL)', () => {
  let hub: Hub;

  beforeAll(async () => {
    hub = await startTestHub({ SUBSCRIBER_PING_MS: '200' });
  });

  afterAll(async () => {
    await hub.stop();
  });

  it('should end a socket that answers no ping and keep delivering to one that reads', async () => {
    const area = uniquePoliceArea();
    const dashboard = subscriptionClient(hub, officerOf(area));
    const delivered: string[] = [];
    const dispose = dashboard.subscribe(
      {
        query: 'subscription ($area: String!) { orderChanged(policeArea: $area) { order { reference } } }',
        variables: { area },
      },
      {
        next: (value: { data?: { orderChanged?: { order: { reference: string } } } }) => {
          const reference = value.data?.orderChanged?.order.reference;
          if (reference) delivered.push(reference);
        },
        error: () => undefined,
        complete: () => undefined,
      },
    );
    const stalled = new WebSocket(hub.graphqlUrl.replace(/^http/, 'ws'), 'graphql-transport-ws', {
      localAddress: HOSTILE_ADDRESS,
    });
    const acked = new Promise<void>((resolve) => stalled.once('message', () => resolve()));
    await new Promise<void>((resolve, reject) => {
      stalled.once('open', () => resolve());
      stalled.once('error', reject);
    });
    stalled.send(
      JSON.stringify({ type: 'connection_init', payload: { authorization: await bearer(officerOf(area)) } }),
    );
    await acked;
    stalled.send(
      JSON.stringify({
        id: '1',
        type: 'subscribe',
        payload: { query: `subscription { orderChanged(policeArea: "${area}") { eventId } }` },
      }),
    );
    const before = await metric(hub, /^shieldline_subscribers_dropped_total\{reason="not_reading"\}/);
    (stalled as unknown as { _socket: Socket })._socket.pause();
    try {
      await expectEventually(async () =>
        expect(await metric(hub, /^shieldline_subscribers_dropped_total\{reason="not_reading"\}/)).toBe(
          before + 1,
        ),
      );
      const order = nonMolestationOrder({ policeForce: area });
      await publishMany(hub, [order]);
      await expectEventually(() => expect(delivered).toContain(order.orderRef));
      // Only the stalled socket was ended.
      expect(await metric(hub, /^shieldline_subscribers_dropped_total\{reason="not_reading"\}/)).toBe(
        before + 1,
      );
    } finally {
      stalled.terminate();
      dispose();
      await dashboard.dispose();
    }
  });
});
