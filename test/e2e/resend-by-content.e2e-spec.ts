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

const ORDER_TERMS = `query ($ref: String!) {
  protectiveOrder(reference: $ref) { expiresAt conditions { text } versions { version eventType } }
}`;

/** The same order, as a middleware might re-send it: a new message id, other content, and the version given. */
function regranted(order: ReturnType<typeof nonMolestationOrder>, suffix: string, version: number) {
  const granted = order.granted as { messageId: string; order: Record<string, unknown> };
  return {
    ...order.granted,
    messageId: `${granted.messageId}-${suffix}`,
    version,
    order: { ...granted.order, endsOn: '2099-11-20T16:00:00Z' },
  };
}

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

  it('should refuse other content for the same grant and version under a new message id as a VERSION_CONFLICT, kept as a dead letter', async () => {
    const order = nonMolestationOrder();
    expect((await postRecord(hub, 'family-court-orders', JSON.stringify(order.granted))).status).toBe(202);
    await expectEventually(async () => expect(await storedGrants(hub, order.orderRef)).toBe(1));
    const other = regranted(order, 'relayed', 1);
    const refused = await postRecord(hub, 'family-court-orders', JSON.stringify(other));
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ status: 'REJECTED', reason: 'VERSION_CONFLICT' });
    const message = JSON.stringify(refused.body);
    // The sender is told what it collided with and what to do.
    expect(message).toContain(String(order.granted.messageId));
    expect(message).toContain('send the correction as a new version');
    // The dead letter (written by the projector from the dead-letter topic) keeps the reason and bytes.
    const letter = await expectEventually(async () => {
      const [row] = await hub.dataSource.query<{ reason_code: string; original_bytes: Buffer }[]>(
        'SELECT reason_code, original_bytes FROM dead_letter WHERE dead_letter_id = $1',
        [(refused.body as { deadLetterId: string }).deadLetterId],
      );
      expect(row).toBeDefined();
      return row!;
    });
    expect(letter.reason_code).toBe('VERSION_CONFLICT');
    expect(JSON.parse(letter.original_bytes.toString('utf8'))).toEqual(other);
    // The order is as first granted: one grant, its own end date.
    const answer = await graphql<{ protectiveOrder: { expiresAt: string; versions: unknown[] } }>(
      hub,
      ORDER_TERMS,
      { ref: order.orderRef },
    );
    expect(answer.data!.protectiveOrder).toMatchObject({ expiresAt: '2099-05-20T16:00:00.000Z' });
    expect(answer.data!.protectiveOrder.versions).toHaveLength(1);
    expect(await storedGrants(hub, order.orderRef)).toBe(1);
  });

  it('should refuse the second of two lines in one file that give the same grant and version different content', async () => {
    const order = nonMolestationOrder();
    const response = await fetch(`${hub.url}/ingest/family-court-orders`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-ndjson',
        authorization: await bearer(COURT_PUBLISHER),
      },
      body: [order.granted, regranted(order, 'copy', 1)].map((m) => JSON.stringify(m)).join('\n'),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      summary: { accepted: number; rejected: number };
      records: { status: string; reason?: string }[];
    };
    expect(body.summary).toMatchObject({ accepted: 1, rejected: 1 });
    expect(body.records.map((r) => r.reason ?? r.status)).toEqual(['ACCEPTED', 'VERSION_CONFLICT']);
  });

  it('should take other content under a new message id and a new version as the correction it is', async () => {
    const order = nonMolestationOrder();
    expect((await postRecord(hub, 'family-court-orders', JSON.stringify(order.granted))).status).toBe(202);
    await expectEventually(async () => expect(await storedGrants(hub, order.orderRef)).toBe(1));
    const corrected = await postRecord(hub, 'family-court-orders', JSON.stringify(regranted(order, 'v2', 2)));
    expect(corrected.status).toBe(202);
    expect(corrected.body).toMatchObject({ status: 'ACCEPTED', duplicate: false });
    await expectEventually(async () => {
      const answer = await graphql<{ protectiveOrder: { expiresAt: string } }>(hub, ORDER_TERMS, {
        ref: order.orderRef,
      });
      expect(answer.data!.protectiveOrder.expiresAt).toBe('2099-11-20T16:00:00.000Z');
    });
  });
});
