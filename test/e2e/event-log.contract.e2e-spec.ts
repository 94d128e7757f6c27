import { ShieldlineError } from '../../src/common/errors';
import { type DataSource } from 'typeorm';
import { createLogger } from '../../src/common/logger';
import { type ConsumedMessage, type EventLog } from '../../src/messaging/event-log.port';
import { KafkaEventLog } from '../../src/messaging/kafka-event-log';
import { PostgresEventLog } from '../../src/messaging/postgres-event-log';
import { openDatabase } from '../../src/persistence/data-source';
import { expectEventually, testDatabaseUrl, testKafkaBrokers, uniqueToken } from '../utils/test-hub';

/**
 * The contract every event-log adapter keeps, run against the real Kafka broker and the real
 * PostgreSQL-table log alike.
 */
const adapters: { name: string; open: () => Promise<{ log: EventLog; close: () => Promise<void> }> }[] = [
  {
    name: 'KafkaEventLog (real Apache Kafka)',
    open: () => {
      const log = new KafkaEventLog(
        testKafkaBrokers().split(','),
        `contract-${uniqueToken()}`,
        createLogger('error'),
      );
      return Promise.resolve({ log, close: () => log.close() });
    },
  },
  {
    name: 'PostgresEventLog (real PostgreSQL)',
    open: async () => {
      const dataSource: DataSource = await openDatabase(testDatabaseUrl(), 4);
      const log = new PostgresEventLog(dataSource, createLogger('error'));
      return { log, close: async () => (await log.close(), await dataSource.destroy()) };
    },
  },
];

describe.each(adapters)('event-log contract: $name', ({ open }) => {
  let log: EventLog;
  let close: () => Promise<void>;
  let topic: string;

  beforeAll(async () => {
    ({ log, close } = await open());
  });

  afterAll(async () => {
    await close();
  });

  beforeEach(async () => {
    topic = `contract.${uniqueToken()}`;
    await log.ensureTopics([topic]);
  });

  const collect = async (
    groupId: string,
    fromBeginning: boolean,
    sink: ConsumedMessage[],
    fail?: () => boolean,
  ) =>
    log.startConsumer({
      groupId,
      topics: [topic],
      fromBeginning,
      handleBatch: async (batch) => {
        if (fail?.()) throw new Error('handler failure (test)');
        sink.push(...batch.messages);
        return Promise.resolve();
      },
    });

  const values = (messages: ConsumedMessage[], key?: string) =>
    messages.filter((m) => key === undefined || m.key === key).map((m) => m.value.toString('utf8'));

  it('should deliver every message with its key, binary value and headers, in order per key', async () => {
    await log.publish(topic, [
      { key: 'order-A', value: Buffer.from('A1'), headers: { 'ce-type': 'granted' } },
      { key: 'order-B', value: Buffer.from('B1') },
      { key: 'order-A', value: Buffer.from('A2') },
      { key: 'order-A', value: Buffer.from([0x00, 0xff, 0x10]) },
    ]);
    const got: ConsumedMessage[] = [];
    const consumer = await collect(`g-${uniqueToken()}`, true, got);
    try {
      await expectEventually(() => expect(got).toHaveLength(4));
      expect(values(got, 'order-A').slice(0, 2)).toEqual(['A1', 'A2']);
      expect([...got.find((m) => m.key === 'order-A' && m.value.length === 3)!.value]).toEqual([
        0x00, 0xff, 0x10,
      ]);
      expect(got.find((m) => m.value.toString() === 'A1')!.headers).toMatchObject({ 'ce-type': 'granted' });
      expect(values(got, 'order-B')).toEqual(['B1']);
    } finally {
      await consumer.stop();
    }
  });

  it('should resume a group where it stopped: nothing lost, nothing acknowledged delivered again', async () => {
    const groupId = `g-${uniqueToken()}`;
    await log.publish(
      topic,
      [1, 2, 3].map((n) => ({ key: 'k', value: Buffer.from(`m${n}`) })),
    );
    const first: ConsumedMessage[] = [];
    const consumer = await collect(groupId, true, first);
    await expectEventually(() => expect(values(first)).toEqual(['m1', 'm2', 'm3']));
    await consumer.stop();

    await log.publish(
      topic,
      [4, 5].map((n) => ({ key: 'k', value: Buffer.from(`m${n}`) })),
    );
    const second: ConsumedMessage[] = [];
    const resumed = await collect(groupId, true, second);
    try {
      await expectEventually(() => expect(values(second)).toEqual(['m4', 'm5']));
    } finally {
      await resumed.stop();
    }
  });

  it('should deliver a batch again when its handler fails', async () => {
    await log.publish(topic, [{ key: 'k', value: Buffer.from('poison-then-ok') }]);
    let failuresLeft = 1;
    const got: ConsumedMessage[] = [];
    const consumer = await collect(`g-${uniqueToken()}`, true, got, () => failuresLeft-- > 0);
    try {
      await expectEventually(() => expect(values(got)).toEqual(['poison-then-ok']), 30_000);
    } finally {
      await consumer.stop();
    }
  });

  it('should halt a partition whose handler refuses it for good, delivering nothing more from it', async () => {
    await log.publish(topic, [{ key: 'k', value: Buffer.from('refused') }]);
    const groupId = `g-${uniqueToken()}`;
    let calls = 0;
    const consumer = await log.startConsumer({
      groupId,
      topics: [topic],
      fromBeginning: true,
      handleBatch: () => {
        calls += 1;
        return Promise.reject(new ShieldlineError('EVENT_LOG_CHANGED', 'refused for good (test)'));
      },
    });
    try {
      await expectEventually(() => expect(calls).toBe(1));
      // Later messages on the halted partition are not delivered either (one partition per key).
      await log.publish(topic, [{ key: 'k', value: Buffer.from('after') }]);
      const probe: ConsumedMessage[] = [];
      const other = await collect(`g-${uniqueToken()}`, true, probe);
      await expectEventually(() => expect(values(probe)).toEqual(['refused', 'after']));
      await other.stop();
      expect(calls).toBe(1);
    } finally {
      await consumer.stop();
    }
    // Its position did not move: started again, the group is given the refused message again.
    const again: ConsumedMessage[] = [];
    const restarted = await collect(groupId, true, again);
    try {
      await expectEventually(() => expect(values(again)).toEqual(['refused', 'after']));
    } finally {
      await restarted.stop();
    }
  });

  it('should say with each batch where the partition ends, and which log it is', async () => {
    await log.publish(
      topic,
      [1, 2].map((n) => ({ key: 'k', value: Buffer.from(`w${n}`) })),
    );
    const batches: { last: bigint; highWatermark: bigint }[] = [];
    const consumer = await log.startConsumer({
      groupId: `g-${uniqueToken()}`,
      topics: [topic],
      fromBeginning: true,
      handleBatch: (batch) => {
        batches.push({
          last: BigInt(batch.messages.at(-1)!.offset),
          highWatermark: BigInt(batch.highWatermark),
        });
        return Promise.resolve();
      },
    });
    try {
      await expectEventually(() => expect(batches.length).toBeGreaterThan(0));
      for (const b of batches) expect(b.highWatermark).toBeGreaterThan(b.last);
    } finally {
      await consumer.stop();
    }
    const identity = await log.identity();
    expect(identity).toMatch(/^(kafka|table):\S+$/);
    expect(await log.identity()).toBe(identity);
    expect(log.maxMessageBytes()).toBeGreaterThan(64 * 1024);
  });

  it('should move a stopped group back to the start of its topics', async () => {
    const groupId = `g-${uniqueToken()}`;
    await log.publish(topic, [{ key: 'k', value: Buffer.from('replayed') }]);
    const first: ConsumedMessage[] = [];
    const consumer = await collect(groupId, true, first);
    await expectEventually(() => expect(values(first)).toEqual(['replayed']));
    await consumer.stop();
    await log.resetGroup(groupId, [topic]);
    const second: ConsumedMessage[] = [];
    const resumed = await collect(groupId, true, second);
    try {
      await expectEventually(() => expect(values(second)).toEqual(['replayed']));
    } finally {
      await resumed.stop();
    }
  });

  it('should give each consumer group every message', async () => {
    await log.publish(topic, [{ key: 'k', value: Buffer.from('fan-out') }]);
    const a: ConsumedMessage[] = [];
    const b: ConsumedMessage[] = [];
    const consumers = [
      await collect(`g-${uniqueToken()}`, true, a),
      await collect(`g-${uniqueToken()}`, true, b),
    ];
    try {
      await expectEventually(() => {
        expect(values(a)).toEqual(['fan-out']);
        expect(values(b)).toEqual(['fan-out']);
      });
    } finally {
      await Promise.all(consumers.map((c) => c.stop()));
    }
  });

  it('should start a new group that does not read from the beginning at the end of the log', async () => {
    await log.publish(topic, [{ key: 'k', value: Buffer.from('before') }]);
    const got: ConsumedMessage[] = [];
    const consumer = await collect(`g-${uniqueToken()}`, false, got);
    try {
      await consumer.ready;
      await log.publish(topic, [{ key: 'k', value: Buffer.from('after') }]);
      await expectEventually(() => expect(values(got)).toEqual(['after']));
    } finally {
      await consumer.stop();
    }
  });
  it('should settle every publish before close() resolves, even one to a topic the log does not hold', async () => {
    // A Kafka request to an unknown topic retries its metadata; left running past close() it goes on
    // after the caller has moved on (in CI: after Jest's teardown, failing the run with every test passed).
    const own = await open();
    let settled = false;
    const publishing = own.log
      .publish(`never-created.${uniqueToken()}`, [{ key: 'k', value: Buffer.from('{}') }])
      .finally(() => {
        settled = true;
      });
    publishing.catch(() => undefined);
    await own.close();
    expect(settled).toBe(true);
  });
});
