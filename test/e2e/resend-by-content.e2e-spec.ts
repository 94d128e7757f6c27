import { familyCourtConnector } from '../../connectors/family-court-orders/family-court.connector';
import { type Hub } from '../../src/app';
import { toCloudEvents } from '../../src/ingest/ingest.service';
import { encodeEnvelope } from '../../src/messaging/envelope';
import { nonMolestationOrder } from '../factories/family-court.factory';
import {
  bearer,
  COURT_PUBLISHER,
  expectEventually,
  graphql,
  postRecord,
  startTestHub,
} from '../utils/test-hub';

const TIMELINE = `query ($ref: String!) {
  protectiveOrder(reference: $ref) { timeline(first: 20) { edges { node { eventType } } } }
}`;

async function timelineOf(hub: Hub, ref: string): Promise<string[]> {
  const answer = await graphql<{
    protectiveOrder: { timeline: { edges: { node: { eventType: string } }[] } } | null;
  }>(hub, TIMELINE, { ref });
  return answer.data?.protectiveOrder?.timeline.edges.map((e) => e.node.eventType) ?? [];
}

async function storedGrants(hub: Hub, ref: string): Promise<number> {
  const [row] = await hub.dataSource.query<{ n: number }[]>(
    `SELECT count(*)::int AS n FROM event_store WHERE subject = $1 AND type LIKE '%order.granted%'`,
    [ref],
  );
  return row!.n;
}

/**
 * Middleware between a court and the hub may mint its own message ids. The same order content for the
 * same order, re-sent under a new message id, is the event already held: the sender is told it is a
 * duplicate, and the order's timeline has one "granted" entry — whether the re-send arrives after the
 * first was projected, in the same file, or reaches the projector before the hub could recognise it.
 */
describe('re-sends recognised by content, whatever message id carries them (real Kafka + PostgreSQL)', () => {
  let hub: Hub;

  beforeAll(async () => {
    hub = await startTestHub();
  });

  afterAll(async () => {
    await hub.stop();
  });

  it('should answer a re-send under a new message id as a duplicate, after the first was projected', async () => {
    const order = nonMolestationOrder();
    const first = await postRecord(hub, 'family-court-orders', JSON.stringify(order.granted));
    expect(first.status).toBe(202);
    await expectEventually(async () => expect(await storedGrants(hub, order.orderRef)).toBe(1));
    const resent = await postRecord(
      hub,
      'family-court-orders',
      JSON.stringify({ ...order.granted, messageId: `${String(order.granted.messageId)}-relayed` }),
    );
    expect(resent.status).toBe(202);
    expect(resent.body).toMatchObject({ status: 'ACCEPTED', duplicate: true });
    expect(await storedGrants(hub, order.orderRef)).toBe(1);
    expect(await timelineOf(hub, order.orderRef)).toEqual(['uk.shieldline.court.order.granted.v1']);
  });

  it('should count the second of two content-identical lines in one file as a duplicate', async () => {
    const order = nonMolestationOrder();
    const twice = [order.granted, { ...order.granted, messageId: `${String(order.granted.messageId)}-copy` }];
    const response = await fetch(`${hub.url}/ingest/family-court-orders`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-ndjson',
        authorization: await bearer(COURT_PUBLISHER),
      },
      body: twice.map((m) => JSON.stringify(m)).join('\n'),
    });
    expect(response.status).toBe(200);
    const { summary } = (await response.json()) as { summary: { accepted: number; duplicates: number } };
    expect(summary).toMatchObject({ accepted: 1, duplicates: 1 });
    await expectEventually(async () =>
      expect(await timelineOf(hub, order.orderRef)).toEqual(['uk.shieldline.court.order.granted.v1']),
    );
  });

  it('should have the projector keep one of two content-identical events that reached the log under different ids', async () => {
    const order = nonMolestationOrder();
    // Straight onto the court topic, as two hub replicas could each have accepted one before either
    // was projected.
    const events = [
      order.granted,
      { ...order.granted, messageId: `${String(order.granted.messageId)}-other` },
    ].flatMap((message) => {
      const result = familyCourtConnector.normalize(Buffer.from(JSON.stringify(message)), 'application/json');
      if (!result.ok) throw new Error('fixture did not normalise');
      return toCloudEvents(familyCourtConnector, result.drafts, new Date().toISOString());
    });
    expect(new Set(events.map((e) => e.id)).size).toBe(2);
    await hub.eventLog.publish(
      hub.topics.court,
      events.map((e) => ({ key: e.subject, value: encodeEnvelope(e) })),
    );
    await expectEventually(async () =>
      expect(await timelineOf(hub, order.orderRef)).toEqual(['uk.shieldline.court.order.granted.v1']),
    );
    expect(await storedGrants(hub, order.orderRef)).toBe(1);
  });
});
