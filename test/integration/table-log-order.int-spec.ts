import { type DataSource } from 'typeorm';
import { createLogger } from '../../src/common/logger';
import { type ConsumedMessage } from '../../src/messaging/event-log.port';
import { PostgresEventLog } from '../../src/messaging/postgres-event-log';
import { openDatabase } from '../../src/persistence/data-source';
import { expectEventually, testDatabaseUrl, uniqueToken } from '../utils/test-hub';

/**
 * The table event log (the embedded default's log) delivers a backlog larger than one batch whole and
 * in order, also where its positions cross a power of ten (9…, 10…): a batch once ordered by the
 * position's text form was cut from the wrong rows and skipped messages.
 */
describe('table event log: a large backlog across a power of ten (real PostgreSQL)', () => {
  let dataSource: DataSource;
  let log: PostgresEventLog;

  beforeAll(async () => {
    dataSource = await openDatabase(testDatabaseUrl(), 4);
    log = new PostgresEventLog(dataSource, createLogger('error'));
  });

  afterAll(async () => {
    await log.close();
    await dataSource.destroy();
  });

  it('should deliver every message once, in publish order, when the backlog crosses 10^n', async () => {
    // Move the log's positions to just below the next power of ten (forward only: safe for others).
    const [row] = await dataSource.query<{ max: string }[]>(
      `SELECT coalesce(max(seq), 0)::text AS max FROM log_message`,
    );
    const boundary = 10n ** BigInt(String(BigInt(row!.max) + 1000n).length);
    await dataSource.query(`SELECT setval(pg_get_serial_sequence('log_message', 'seq'), $1)`, [
      (boundary - 300n).toString(),
    ]);
    const topic = `order-test.${uniqueToken()}`;
    await log.ensureTopics([topic]);
    const sent = Array.from({ length: 1200 }, (_, i) => `m${String(i).padStart(4, '0')}`);
    for (let i = 0; i < sent.length; i += 400)
      await log.publish(
        topic,
        sent.slice(i, i + 400).map((v) => ({ key: 'k', value: Buffer.from(v) })),
      );

    const got: ConsumedMessage[] = [];
    const consumer = await log.startConsumer({
      groupId: `g-${uniqueToken()}`,
      topics: [topic],
      fromBeginning: true,
      handleBatch: (batch) => {
        got.push(...batch.messages);
        return Promise.resolve();
      },
    });
    try {
      await expectEventually(() => expect(got.length).toBeGreaterThanOrEqual(sent.length), 30_000);
      expect(got.map((m) => m.value.toString('utf8'))).toEqual(sent);
      // Positions rise numerically across the boundary.
      const offsets = got.map((m) => BigInt(m.offset));
      expect(offsets.every((o, i) => i === 0 || o > offsets[i - 1]!)).toBe(true);
      expect(offsets[0]! < boundary && offsets.at(-1)! >= boundary).toBe(true);
    } finally {
      await consumer.stop();
    }
  });

  it('should cut batches by the byte budget, each within it, one oversized message alone, none lost', async () => {
    const topic = `bytes-test.${uniqueToken()}`;
    await log.ensureTopics([topic]);
    // 30 messages of 1 KiB, one of 5 KiB in the middle, under a 4 KiB budget.
    const sizes = Array.from({ length: 30 }, (_, i) => (i === 12 ? 5 * 1024 : 1024));
    const sent = sizes.map((size, i) => Buffer.alloc(size, String.fromCharCode(65 + (i % 26))));
    await log.publish(
      topic,
      sent.map((value) => ({ key: 'k', value })),
    );
    const batches: ConsumedMessage[][] = [];
    const consumer = await log.startConsumer({
      groupId: `g-${uniqueToken()}`,
      topics: [topic],
      fromBeginning: true,
      maxBatchBytes: 4 * 1024,
      handleBatch: (batch) => {
        batches.push([...batch.messages]);
        return Promise.resolve();
      },
    });
    try {
      await expectEventually(() => expect(batches.flat().length).toBeGreaterThanOrEqual(sent.length), 30_000);
      expect(batches.flat().map((m) => m.value)).toEqual(sent);
      const bytes = batches.map((b) => b.reduce((sum, m) => sum + m.value.length, 0));
      for (const [i, batch] of batches.entries()) {
        if (batch.length > 1) expect(bytes[i]).toBeLessThanOrEqual(4 * 1024);
      }
      // The oversized message travelled alone, and the budget did cut the rest (not one batch of 30).
      expect(batches.filter((b) => b.length === 1 && b[0]!.value.length === 5 * 1024)).toHaveLength(1);
      expect(batches.length).toBeGreaterThanOrEqual(8);
    } finally {
      await consumer.stop();
    }
  });
});
