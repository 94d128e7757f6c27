import fc from 'fast-check';
import { familyCourtConnector } from '../../connectors/family-court-orders/family-court.connector';
import { type Hub } from '../../src/app';
import { createLogger } from '../../src/common/logger';
import { toCloudEvents } from '../../src/ingest/ingest.service';
import { type CloudEvent, encodeEnvelope } from '../../src/messaging/envelope';
import { type ConsumedMessage } from '../../src/messaging/event-log.port';
import { Projector } from '../../src/projection/projector';
import { nonMolestationOrder, uniqueToken } from '../factories/family-court.factory';
import { startTableLogHub } from '../utils/test-hub';

const ORDERS_PER_CASE = 3;
const RECEIVED_AT = '2026-11-22T09:00:00.000Z';

/**
 * docs/architecture.md (ordering): one order's events arrive in order within a partition, but the hub must reach the same
 * projection for any delivery order, batching and duplication of them (a served before its granted, a
 * redelivered batch, a re-sent record). Each run projects the same orders twice under two tokens — once
 * in source order, once in the generated order — and compares the order and timeline projections.
 *
 * Scope: family-court granted and served events through the family connector, one version per source
 * record. case-order-independence.int-spec.ts covers every event type, people and concurrent partitions.
 */
describe('projection order independence (property-based, real PostgreSQL)', () => {
  let hub: Hub;

  beforeAll(async () => {
    hub = await startTableLogHub({ ROLES: 'ingest' });
  });

  afterAll(async () => {
    await hub.stop();
  });

  function eventsFor(token: string): CloudEvent[] {
    return Array.from({ length: ORDERS_PER_CASE }, (_, i) =>
      nonMolestationOrder({ token: `${token}${i}`, identity: `order-${i}` }),
    ).flatMap((order) =>
      [order.granted, order.served].flatMap((message) => {
        const result = familyCourtConnector.normalize(
          Buffer.from(JSON.stringify(message)),
          'application/json',
        );
        if (!result.ok) throw new Error(JSON.stringify(result.rejection));
        return toCloudEvents(familyCourtConnector, result.drafts, RECEIVED_AT);
      }),
    );
  }

  /** Feeds events through a fresh projector as consecutive batches of one partition of a fresh topic. */
  async function project(events: readonly CloudEvent[], batchSizes: readonly number[]): Promise<void> {
    const topic = `prop.${uniqueToken()}`;
    const projector = new Projector(
      hub.dataSource,
      hub.eventLog,
      hub.topics,
      `prop-${uniqueToken()}`,
      createLogger('silent'),
    );
    const messages: ConsumedMessage[] = events.map((event, offset) => ({
      topic,
      partition: 0,
      offset: String(offset),
      key: event.subject,
      value: encodeEnvelope(event),
    }));
    let start = 0;
    for (const size of [...batchSizes, messages.length]) {
      if (start >= messages.length) break;
      await projector.handleBatch({
        topic,
        partition: 0,
        messages: messages.slice(start, start + Math.max(1, size)),
        highWatermark: String(messages.length),
      });
      start += Math.max(1, size);
    }
  }

  /** The order and timeline projections for a token, with the token and event ids abstracted away. */
  async function snapshot(token: string): Promise<string> {
    const like = `%${token}%`;
    const orders = await hub.dataSource.query<Record<string, unknown>[]>(
      `SELECT order_ref, granted, order_type, source_order_code, court_code, court_name, case_number, police_area,
              protected_parties, conditions, power_of_arrest, without_notice, made_at, effective_from, expires_at,
              served, served_at, service_method, source_system, asserted_at, received_at, version,
              granted_event_id IS NOT NULL AS has_granted_event, served_event_id IS NOT NULL AS has_served_event
       FROM protective_order WHERE order_ref LIKE $1 ORDER BY order_ref`,
      [like],
    );
    const timeline = await hub.dataSource.query<Record<string, unknown>[]>(
      `SELECT aggregate, agency, event_type, occurred_at, received_at, summary, source
       FROM timeline_entry WHERE aggregate LIKE $1 ORDER BY aggregate, event_type`,
      [like],
    );
    return JSON.stringify({ orders, timeline }).split(token).join('<T>');
  }

  it('should reach the same projection for any delivery order, batching and duplicates', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.nat({ max: 2 * ORDERS_PER_CASE - 1 }), {
          minLength: 2 * ORDERS_PER_CASE,
          maxLength: 2 * ORDERS_PER_CASE,
        }),
        fc.array(fc.nat({ max: 2 * ORDERS_PER_CASE - 1 }), { maxLength: 4 }),
        fc.array(fc.integer({ min: 1, max: 4 }), { maxLength: 6 }),
        async (sortKeys, duplicates, batchSizes) => {
          // "Q" is not a hex digit: no other test's token (hex) can contain these, so the snapshot's
          // LIKE never picks up another test's order (it did, once, with bare 6-hex tokens).
          const reference = `Q${uniqueToken().slice(0, 6)}`;
          const shuffled = `Q${uniqueToken().slice(0, 6)}`;
          await project(eventsFor(reference), []);

          const events = eventsFor(shuffled);
          const order = events
            .map((event, i) => ({ event, key: sortKeys[i]! * 100 + i }))
            .sort((a, b) => a.key - b.key);
          const delivered = order.map((o) => o.event);
          for (const index of duplicates) delivered.splice(index % (delivered.length + 1), 0, events[index]!);
          await project(delivered, batchSizes);

          expect(await snapshot(shuffled)).toBe(await snapshot(reference));
        },
      ),
      { numRuns: 25 },
    );
  });
});
