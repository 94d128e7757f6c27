import { Kafka, logLevel } from 'kafkajs';
import { familyCourtConnector } from '../connectors/family-court-orders/family-court.connector';
import { createLogger } from '../src/common/logger';
import { IngestService } from '../src/ingest/ingest.service';
import { KafkaEventLog } from '../src/messaging/kafka-event-log';
import { allTopics, topicNames } from '../src/messaging/topics';
import { openDatabase } from '../src/persistence/data-source';
import { Projector } from '../src/projection/projector';
import { LinkScorer } from '../src/projection/link-scoring';
import { nonMolestationOrder } from '../test/factories/family-court.factory';
import { measureDebeziumSink, type SinkResult } from './debezium-sink-peer';

export interface ThroughputResult {
  events: number;
  concurrentPartitions: number;
  projectorEventsPerSecond: number;
  rawKafkajsConsumePerSecond: number;
  ratioToRaw: number;
  /** Seconds after the last event was projected until the link scorer had scored every person. */
  linkScoringCaughtUpSeconds: number;
  /** The peer on the same events: the Debezium JDBC sink upserting them by key (null: BENCH_DEBEZIUM=0). */
  debeziumSink: SinkResult | null;
  /** Projector events/s over the sink's. */
  ratioToDebeziumSink: number | null;
  target: { eventsPerSecond: number; ratioToRaw: number; met: boolean };
}

/**
 * Projector throughput on the real broker and database: N court events (orders granted and served) are
 * put on a fresh topic first; then bare kafkajs consumes the whole topic (eachBatch, no work) and, in the
 * same run, a fresh projector group folds it into PostgreSQL. Both timings include joining the group.
 */
export async function measureProjectorThroughput(
  brokers: string[],
  databaseUrl: string,
  events: number,
  concurrency: number,
  withDebezium = true,
): Promise<ThroughputResult> {
  const silent = createLogger('silent');
  const topics = topicNames(`tput${Date.now()}.`);
  const log = new KafkaEventLog(brokers, 'bench-throughput', silent);
  const dataSource = await openDatabase(databaseUrl, 10);
  try {
    await log.ensureTopics(allTopics(topics));
    const ingest = new IngestService(log, topics);
    const orders = events / 2;
    for (let start = 0; start < orders; start += 1000) {
      const records = [];
      for (let i = start; i < Math.min(orders, start + 1000); i++) {
        const order = nonMolestationOrder({ token: `TP${String(i).padStart(8, '0')}` });
        for (const message of [order.granted, order.served]) {
          records.push({ bytes: Buffer.from(JSON.stringify(message)), contentType: 'application/json' });
        }
      }
      const outcomes = await ingest.ingestBatch(familyCourtConnector, records);
      if (outcomes.some((o) => o.status !== 'ACCEPTED')) throw new Error('throughput fixture rejected');
    }

    const rawSeconds = await rawConsumeSeconds(brokers, topics.court, events);

    // The link scorer runs beside the projector, as in the hub: its work competes for the same cores.
    const scorer = new LinkScorer(dataSource, silent);
    const projector = new Projector(dataSource, log, topics, `${topics.court}.projector`, silent, {
      concurrentPartitions: concurrency,
      afterCommit: () => scorer.wake(),
    });
    const started = performance.now();
    scorer.start();
    await projector.start();
    const deadline = Date.now() + 10 * 60 * 1000;
    while (projector.stats.applied < events && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const projected = performance.now();
    const projectorSeconds = (projected - started) / 1000;
    await projector.stop();
    for (;;) {
      const [queued] = await dataSource.query<{ n: number }[]>(
        'SELECT count(*)::int AS n FROM person_link_pending',
      );
      if (queued!.n === 0 || Date.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const linkScoringCaughtUpSeconds = Math.round((performance.now() - projected) / 100) / 10;
    await scorer.stop();
    if (projector.stats.applied !== events) {
      throw new Error(`projector applied ${projector.stats.applied} of ${events} events`);
    }
    const projectorRate = Math.round(events / projectorSeconds);
    const rawRate = Math.round(events / rawSeconds);
    const ratio = Math.round((projectorRate / rawRate) * 100) / 100;
    // The same topic, the same events, after the projector: nothing else runs beside it.
    const debeziumSink = withDebezium
      ? await measureDebeziumSink(brokers, databaseUrl, topics.court, events, concurrency)
      : null;
    return {
      debeziumSink,
      ratioToDebeziumSink: debeziumSink
        ? Math.round((projectorRate / debeziumSink.eventsPerSecond) * 100) / 100
        : null,
      events,
      concurrentPartitions: concurrency,
      projectorEventsPerSecond: projectorRate,
      rawKafkajsConsumePerSecond: rawRate,
      ratioToRaw: ratio,
      linkScoringCaughtUpSeconds,
      target: { eventsPerSecond: 10_000, ratioToRaw: 0.5, met: projectorRate >= 10_000 && ratio >= 0.5 },
    };
  } finally {
    await log.close();
    await dataSource.destroy();
  }
}

async function rawConsumeSeconds(brokers: string[], topic: string, expected: number): Promise<number> {
  const kafka = new Kafka({ clientId: 'bench-raw-consume', brokers, logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `${topic}.raw`, maxBytesPerPartition: 1024 * 1024 });
  let received = 0;
  let done: () => void = () => undefined;
  const all = new Promise<void>((resolve) => (done = resolve));
  const started = performance.now();
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await consumer.run({
    eachBatch: ({ batch }) => {
      received += batch.messages.length;
      if (received >= expected) done();
      return Promise.resolve();
    },
  });
  await all;
  const seconds = (performance.now() - started) / 1000;
  await consumer.disconnect();
  return seconds;
}
