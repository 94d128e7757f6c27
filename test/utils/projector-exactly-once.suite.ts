import { type Hub } from '../../src/app';
import { createLogger } from '../../src/common/logger';
import { familyCourtConnector } from '../../connectors/family-court-orders/family-court.connector';
import { type ConsumedBatch } from '../../src/messaging/event-log.port';
import { Projector } from '../../src/projection/projector';
import { nonMolestationOrder } from '../factories/family-court.factory';
import { expectEventually, uniqueToken } from './test-hub';

/**
 * The projector on a real event log and database: every event has exactly one effect across stops and
 * failures. Run on both logs: Kafka (test/e2e) and the table log (test/integration), with the same small
 * byte budget per batch, so that a stop really lands in the middle of the stream on each.
 */
export function describeProjectorExactlyOnce(
  logName: string,
  /** A hub with the ingest role only: the tests run their own projectors against its topics. */
  startIngestHub: () => Promise<Hub>,
): void {
  describe(`Projector exactly-once (${logName} + real PostgreSQL)`, () => {
    let hub: Hub;
    const logger = createLogger('silent');

    beforeAll(async () => {
      hub = await startIngestHub();
    });

    afterAll(async () => {
      await hub.stop();
    });

    async function publishOrders(count: number, token: string) {
      const refs: string[] = [];
      for (let i = 0; i < count; i++) {
        const order = nonMolestationOrder({ token: `${token}${String(i).padStart(4, '0')}` });
        refs.push(order.orderRef);
        for (const message of [order.granted, order.served]) {
          const outcome = await hub.ingest.ingest(familyCourtConnector, {
            bytes: Buffer.from(JSON.stringify(message)),
            contentType: 'application/json',
          });
          expect(outcome.status).toBe('ACCEPTED');
        }
      }
      return refs;
    }

    async function projectionFor(refs: string[]) {
      const [events] = await hub.dataSource.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM event_store WHERE subject = ANY($1)`,
        [refs],
      );
      const [timeline] = await hub.dataSource.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM timeline_entry WHERE aggregate = ANY($1)`,
        [refs.map((ref) => `order:${ref}`)],
      );
      const orders = await hub.dataSource.query<{ version: number; served: boolean; granted: boolean }[]>(
        `SELECT version, served, granted FROM protective_order WHERE order_ref = ANY($1)`,
        [refs],
      );
      return { events: events!.n, timeline: timeline!.n, orders };
    }

    const newProjector = (group: string) =>
      // Small batches (≈ 2 KiB per partition) so that stopping really lands in the middle of the stream.
      new Projector(hub.dataSource, hub.eventLog, hub.topics, group, logger, { maxBatchBytes: 2048 });

    it('should apply every event exactly once when stopped mid-stream and restarted', async () => {
      const refs = await publishOrders(150, uniqueToken().slice(0, 4));
      const group = `projector-${uniqueToken()}`;

      const first = newProjector(group);
      await first.start();
      await expectEventually(() => expect(first.stats.applied).toBeGreaterThan(0), 30_000);
      await first.stop();
      const appliedBeforeStop = first.stats.applied;
      expect(appliedBeforeStop).toBeLessThan(300);

      const second = newProjector(group);
      await second.start();
      try {
        await expectEventually(async () => expect((await projectionFor(refs)).events).toBe(300), 60_000);
      } finally {
        await second.stop();
      }
      const final = await projectionFor(refs);
      expect(appliedBeforeStop + second.stats.applied).toBe(300);
      expect(final.timeline).toBe(300);
      expect(final.orders).toHaveLength(150);
      expect(final.orders.every((o) => o.granted && o.served && o.version === 2)).toBe(true);
    });

    it('should roll back a batch that fails half-way through and apply it fully on redelivery', async () => {
      const token = uniqueToken().slice(0, 4);
      const poisonRef = nonMolestationOrder({ token: `${token}0003` }).orderRef;
      const flag = `poison_${uniqueToken().toLowerCase()}`;
      // A real database failure in the middle of a batch: the first write of this order's row raises. A
      // sequence counts the attempts because, unlike a table, it is not rolled back with the transaction.
      await hub.dataSource.query(`CREATE SEQUENCE ${flag}`);
      await hub.dataSource.query(`
      CREATE FUNCTION ${flag}_fn() RETURNS trigger AS $$
      BEGIN
        IF NEW.order_ref = '${poisonRef}' AND nextval('${flag}') = 1 THEN
          RAISE EXCEPTION 'injected failure for %', NEW.order_ref;
        END IF;
        RETURN NEW;
      END $$ LANGUAGE plpgsql`);
      await hub.dataSource.query(
        `CREATE TRIGGER ${flag}_trg BEFORE INSERT ON protective_order FOR EACH ROW EXECUTE FUNCTION ${flag}_fn()`,
      );
      const projector = newProjector(`projector-${uniqueToken()}`);
      try {
        const refs = await publishOrders(8, token);
        expect(refs).toContain(poisonRef);
        await projector.start();
        await expectEventually(async () => expect((await projectionFor(refs)).events).toBe(16), 60_000);
        const final = await projectionFor(refs);
        expect(final.timeline).toBe(16);
        expect(final.orders.every((o) => o.version === 2)).toBe(true);
        expect(projector.stats.applied).toBe(16);
        const [attempts] = await hub.dataSource.query<
          {
            n: number;
          }[]
        >(`SELECT last_value::int AS n FROM ${flag}`);
        // The first write of the poisoned order failed (attempt 1); the redelivered batch wrote it again.
        expect(attempts!.n).toBeGreaterThanOrEqual(2);
      } finally {
        await projector.stop();
        await hub.dataSource.query(`DROP TRIGGER ${flag}_trg ON protective_order`);
        await hub.dataSource.query(`DROP FUNCTION ${flag}_fn()`);
        await hub.dataSource.query(`DROP SEQUENCE ${flag}`);
      }
    });

    it('should not apply a batch twice when the log redelivers it after the database committed', async () => {
      const token = uniqueToken().slice(0, 4);
      const order = nonMolestationOrder({ token: `${token}0001` });
      const outcome = await hub.ingest.ingest(familyCourtConnector, {
        bytes: Buffer.from(JSON.stringify(order.granted)),
        contentType: 'application/json',
      });
      expect(outcome.status).toBe('ACCEPTED');
      const projector = newProjector(`projector-${uniqueToken()}`);
      const seen: ConsumedBatch[] = [];
      const consumer = await hub.eventLog.startConsumer({
        groupId: `capture-${uniqueToken()}`,
        topics: [hub.topics.court],
        fromBeginning: true,
        handleBatch: (batch) => {
          if (batch.messages.some((m) => m.key === order.orderRef)) seen.push(batch);
          return Promise.resolve();
        },
      });
      const batch = await expectEventually(() => {
        expect(seen.length).toBeGreaterThan(0);
        return seen[0]!;
      });
      await consumer.stop();

      await projector.handleBatch(batch);
      const afterFirst = { ...projector.stats };
      await projector.handleBatch(batch);
      expect(projector.stats.applied).toBe(afterFirst.applied);
      expect(projector.stats.duplicates).toBe(afterFirst.duplicates + batch.messages.length);
      expect((await projectionFor([order.orderRef])).orders).toEqual([
        { version: 1, served: false, granted: true },
      ]);
    });
  });
}
