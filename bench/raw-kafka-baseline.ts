import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { atFixedRate, summarize, type LatencySummary } from './stats';

/**
 * Baseline measured in the same run on the same broker: bare kafkajs produce (acks=all, one message per
 * send, like the connector) → consume (eachMessage), latency from send to receipt.
 */
export async function rawKafkaLatency(
  brokers: string[],
  rate: number,
  count: number,
): Promise<LatencySummary> {
  const kafka = new Kafka({ clientId: 'bench-raw', brokers, logLevel: logLevel.NOTHING });
  const topic = `bench-raw-${Date.now()}`;
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({
    waitForLeaders: true,
    topics: [{ topic, numPartitions: 3, replicationFactor: 1 }],
  });
  await admin.disconnect();

  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  const consumer = kafka.consumer({ groupId: `${topic}-g`, maxWaitTimeInMs: 100 });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  let done: () => void = () => undefined;
  const allReceived = new Promise<void>((resolve) => (done = resolve));
  await consumer.run({
    eachMessage: ({ message }) => {
      const id = message.key!.toString();
      const at = sentAt.get(id);
      if (at !== undefined) latencies.push(performance.now() - at);
      if (latencies.length === count) done();
      return Promise.resolve();
    },
  });
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  // Warm-up message so connection set-up is not counted.
  await producer.send({ topic, acks: -1, messages: [{ key: 'warm-up', value: 'x' }] });
  await atFixedRate(rate, count, async (i) => {
    const id = `m${i}`;
    sentAt.set(id, performance.now());
    await producer.send({ topic, acks: -1, messages: [{ key: id, value: JSON.stringify({ i }) }] });
  });
  await Promise.race([allReceived, new Promise((resolve) => setTimeout(resolve, 30_000))]);
  await producer.disconnect();
  await consumer.disconnect();
  return summarize(latencies);
}
