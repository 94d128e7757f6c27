import {
  type Admin,
  ConfigResourceTypes,
  type Consumer,
  type EachBatchPayload,
  Kafka,
  logLevel as KafkaLogLevel,
  type LogEntry,
  Partitioners,
  type Producer,
} from 'kafkajs';
import { errorMessage, ShieldlineError } from '../common/errors';
import { type Logger } from '../common/logger';
import {
  type ConsumerHandle,
  type ConsumerOptions,
  DEFAULT_MAX_MESSAGE_BYTES,
  type EventLog,
  type LogMessage,
} from './event-log.port';

/**
 * The only module that imports kafkajs (2.2.4, unmaintained since 2023: keeping it here lets a successor
 * client replace it). Progress is committed to Kafka only after the handler resolves; the projector also
 * stores its offsets in PostgreSQL in the same transaction as its writes, which is what makes the effect
 * exactly-once — the Kafka commit is only a hint for where to fetch from.
 */
export class KafkaEventLog implements EventLog {
  readonly kind = 'kafka' as const;
  private readonly kafka: Kafka;
  private producer: Producer | null = null;
  private producerConnecting: Promise<Producer> | null = null;
  private readonly consumers = new Set<Consumer>();
  private readonly pendingPublishes: {
    topic: string;
    messages: readonly LogMessage[];
    resolve: () => void;
    reject: (err: ShieldlineError) => void;
  }[] = [];
  /** The request being sent (pumpPublishes), so close() can wait for it instead of leaving it retrying. */
  private publishInFlight: Promise<void> | null = null;
  private closed = false;
  private maxValueBytes = DEFAULT_MAX_MESSAGE_BYTES;
  /** Partition count per topic (from ensureTopics): messages are given their partition by us. */
  private readonly partitionCounts = new Map<string, number>();
  private readonly partitioner = Partitioners.DefaultPartitioner();

  constructor(
    brokers: readonly string[],
    clientId: string,
    private readonly logger: Logger,
    /** How long a publish may wait for the log's acknowledgement before it is refused as retriable. */
    private readonly publishTimeoutMs = DEFAULT_PUBLISH_TIMEOUT_MS,
  ) {
    this.kafka = new Kafka({
      clientId,
      brokers: [...brokers],
      connectionTimeout: 3000,
      retry: { initialRetryTime: 100, retries: 8 },
      logLevel: KafkaLogLevel.WARN,
      logCreator:
        () =>
        ({ namespace, level, log }: LogEntry) => {
          const { message, ...extra } = log;
          const fields = { namespace, ...extra };
          // kafkajs logs each retriable protocol error response (coordinator loading, leader moving) at
          // ERROR before retrying it; those are normal while a broker or group starts.
          if (message.startsWith('Response ')) this.logger.debug(message, fields);
          else if (level <= KafkaLogLevel.ERROR) this.logger.error(message, fields);
          else this.logger.warn(message, fields);
        },
    });
  }

  async ensureTopics(topics: readonly string[]): Promise<void> {
    const admin: Admin = this.kafka.admin();
    try {
      await admin.connect();
      // A cluster that has just started (or is electing leaders, or spreading the new topics' metadata)
      // answers "unknown topic-partition" or "leader not available" for a while: those are retried for
      // up to about 20 s, then refused.
      for (let attempt = 1; ; attempt++) {
        try {
          await this.createAndDescribe(admin, topics);
          break;
        } catch (err) {
          if (attempt >= 20 || !retriableKafkaFailure(err)) throw err;
          await new Promise((resolve) => setTimeout(resolve, Math.min(2000, 100 * attempt)));
        }
      }
    } catch (err) {
      throw new ShieldlineError(
        'EVENT_LOG_UNAVAILABLE',
        `could not create Kafka topics: ${errorMessage(err)}`,
        {
          retriable: true,
          cause: err,
        },
      );
    } finally {
      await admin.disconnect();
    }
  }

  private async createAndDescribe(admin: Admin, topics: readonly string[]): Promise<void> {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((t) => !existing.has(t));
    if (missing.length > 0) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((topic) => ({ topic, numPartitions: 3, replicationFactor: -1 })),
      });
    }
    const metadata = await admin.fetchTopicMetadata({ topics: [...topics] });
    for (const t of metadata.topics) {
      if (t.partitions.length === 0) throw new Error(`topic ${t.name} has no partitions yet`);
      this.partitionCounts.set(t.name, t.partitions.length);
    }
    // The topics' own limit (a broker or topic may be configured below Kafka's default).
    const described = await admin.describeConfigs({
      includeSynonyms: false,
      resources: topics.map((name) => ({
        type: ConfigResourceTypes.TOPIC,
        name,
        configNames: ['max.message.bytes'],
      })),
    });
    const limits = described.resources.flatMap((r) =>
      r.configEntries
        .filter((e) => e.configName === 'max.message.bytes')
        .map((e) => Number(e.configValue))
        .filter((n) => Number.isFinite(n) && n > 0),
    );
    if (limits.length > 0) this.maxValueBytes = Math.min(...limits) - MESSAGE_OVERHEAD_BYTES;
  }

  maxMessageBytes(): number {
    return this.maxValueBytes;
  }

  /** `kafka:<cluster id>`: a recreated cluster (no volume, a new image) has a new one. */
  async identity(): Promise<string> {
    return `kafka:${(await this.withAdmin((admin) => admin.describeCluster())).clusterId}`;
  }

  /** Back to the earliest retained offset of every partition; only a group with no live members. */
  async resetGroup(groupId: string, topics: readonly string[]): Promise<void> {
    await this.withAdmin(async (admin) => {
      const { groups } = await admin.describeGroups([groupId]);
      const members = groups[0]?.members.length ?? 0;
      if (members > 0) {
        throw new ShieldlineError(
          'EVENT_LOG_GROUP_ACTIVE',
          `consumer group ${groupId} has ${members} live member(s): stop the projector before re-seeding`,
        );
      }
      for (const topic of topics) await admin.resetOffsets({ groupId, topic, earliest: true });
    });
  }

  /**
   * Natural batching: while one produce request is in flight, later publishes queue up and go out
   * together in the next request (no added linger). Every caller's promise resolves only when the
   * request carrying its messages is acknowledged by all in-sync replicas; if it fails, every caller in
   * it gets the error. Order across calls is kept per topic.
   */
  publish(topic: string, messages: readonly LogMessage[]): Promise<void> {
    if (messages.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      // A broker that is down makes kafkajs retry for tens of seconds: the caller is told within the
      // bound that nothing was acknowledged, and may send again (event ids are stable, so a late
      // acknowledgement of this attempt makes the resend a duplicate, never a second event).
      const timer = setTimeout(
        () =>
          reject(
            new ShieldlineError(
              'EVENT_LOG_UNAVAILABLE',
              `the event log did not acknowledge within ${this.publishTimeoutMs} ms`,
              { retriable: true },
            ),
          ),
        this.publishTimeoutMs,
      );
      const settle =
        <A extends unknown[]>(fn: (...args: A) => void) =>
        (...args: A) => {
          clearTimeout(timer);
          fn(...args);
        };
      this.pendingPublishes.push({ topic, messages, resolve: settle(resolve), reject: settle(reject) });
      this.pumpPublishes();
    });
  }

  private pumpPublishes(): void {
    if (this.publishInFlight || this.pendingPublishes.length === 0) return;
    const batch = this.pendingPublishes.splice(0);
    if (this.closed) {
      for (const item of batch) item.reject(closedError());
      return;
    }
    this.publishInFlight = (async () => {
      try {
        const producer = await this.connectedProducer();
        try {
          await this.sendWithinBound(producer, batch);
          for (const item of batch) item.resolve();
        } catch (err) {
          const error = publishFailure(err);
          if (error.retriable || batch.length === 1) throw error;
          // The broker refused the request itself (a message over its size limit): that is one caller's
          // record, not the others' that shared the request. Each is sent again on its own, so only the
          // one at fault is refused.
          for (const item of batch) {
            await this.send(producer, [item]).then(item.resolve, (e: unknown) =>
              item.reject(publishFailure(e)),
            );
          }
        }
      } catch (err) {
        const error = publishFailure(err);
        for (const item of batch) item.reject(error);
      } finally {
        this.publishInFlight = null;
        this.pumpPublishes();
      }
    })();
  }

  /**
   * A send that fails retriably (a partition's metadata not yet known to the broker asked, a leader
   * moving) is tried again while the publish bound allows: kafkajs's own retries sometimes end on a
   * transient answer that the next attempt does not get. Callers are answered at the bound regardless.
   */
  private async sendWithinBound(
    producer: Producer,
    items: readonly { topic: string; messages: readonly LogMessage[] }[],
  ): Promise<void> {
    const deadline = Date.now() + this.publishTimeoutMs;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.send(producer, items);
        return;
      } catch (err) {
        const pause = 250 * attempt;
        // Closing ends the retries: the caller is told now, not after the process has moved on.
        if (this.closed || !publishFailure(err).retriable || Date.now() + pause >= deadline) throw err;
        this.logger.warn('Kafka send failed; sending again within the publish bound', {
          attempt,
          error: errorMessage(err),
        });
        await new Promise((resolve) => setTimeout(resolve, pause));
      }
    }
  }

  private async send(
    producer: Producer,
    items: readonly { topic: string; messages: readonly LogMessage[] }[],
  ) {
    const byTopic = new Map<string, LogMessage[]>();
    for (const item of items) {
      let list = byTopic.get(item.topic);
      if (!list) byTopic.set(item.topic, (list = []));
      for (const m of item.messages) list.push(m);
    }
    // The broker refuses a record batch over message.max.bytes (1 MiB by default), so one request
    // carries at most REQUEST_BYTES of values; requests go out in order, keeping per-topic order.
    for (const chunk of chunkByBytes([...byTopic], REQUEST_BYTES)) {
      let pending = chunk.flatMap(([topic, messages]) =>
        messages.map((m) => ({ topic, partition: this.partitionOf(topic, m.key), message: m })),
      );
      // kafkajs 2.2.4 can resolve a send without having sent some partitions' messages: when a leader
      // moves during its retries to a broker that had already answered, the messages of the moved
      // partition are skipped (tulios/kafkajs#1303; found by test/integration/cluster-faults). So each
      // partition must appear, without error, in the acknowledgement; those that do not are sent again.
      for (let attempt = 1; pending.length > 0; attempt++) {
        const acknowledged = await producer.sendBatch({
          acks: -1,
          topicMessages: [...groupByTopic(pending)].map(([topic, items]) => ({
            topic,
            messages: items.map(({ partition, message: m }) => ({
              key: m.key,
              value: m.value,
              ...(partition === null ? {} : { partition }),
              headers: m.headers ? { ...m.headers } : {},
            })),
          })),
        });
        const acked = new Set(
          acknowledged.filter((r) => r.errorCode === 0).map((r) => `${r.topicName}\u0000${r.partition}`),
        );
        const missed = pending.filter(
          (p) => p.partition !== null && !acked.has(`${p.topic}\u0000${p.partition}`),
        );
        if (missed.length === 0) break;
        if (attempt >= 5) {
          throw new ShieldlineError(
            'EVENT_LOG_UNAVAILABLE',
            `Kafka acknowledged the request without ${missed.length} message(s) after ${attempt} attempts`,
            { retriable: true },
          );
        }
        this.logger.warn('Kafka acknowledged a request without some partitions; sending those again', {
          partitions: [...new Set(missed.map((m) => `${m.topic}/${m.partition}`))],
          attempt,
        });
        pending = missed;
      }
    }
  }

  /** The partition kafkajs's default partitioner would choose (murmur2 of the key), or null when unknown. */
  private partitionOf(topic: string, key: string): number | null {
    const count = this.partitionCounts.get(topic);
    if (count === undefined) return null;
    return this.partitioner({
      topic,
      partitionMetadata: Array.from({ length: count }, (_, partitionId) => ({
        partitionId,
        leader: 0,
        partitionErrorCode: 0,
        replicas: [],
        isr: [],
        offlineReplicas: [],
      })),
      message: { key, value: null },
    });
  }

  async startConsumer(options: ConsumerOptions): Promise<ConsumerHandle> {
    if (this.closed) {
      throw new ShieldlineError('EVENT_LOG_UNAVAILABLE', 'the event log was closed', { retriable: true });
    }
    let stopped = false;
    const consumer = this.kafka.consumer({
      groupId: options.groupId,
      allowAutoTopicCreation: false,
      // The broker answers a fetch once minBatchBytes are there or after maxBatchWaitMs, whichever comes first.
      minBytes: options.minBatchBytes ?? 64 * 1024,
      maxWaitTimeInMs: options.maxBatchWaitMs ?? 20,
      maxBytesPerPartition: options.maxBatchBytes ?? 1024 * 1024,
      sessionTimeout: 15000,
      heartbeatInterval: 1000,
      retry: {
        initialRetryTime: 200,
        retries: 10,
        // kafkajs arms its restart timer after its own crash handling, which can finish after stop() has
        // cleared timers: the consumer then restarted itself after being stopped, and ran on (against a
        // stopped broker, for ever — it kept a CI run open past its limit). No restart once stopped.
        restartOnFailure: () => Promise.resolve(!stopped && !this.closed),
      },
    });
    this.consumers.add(consumer);
    let markReady: () => void = () => undefined;
    const ready = new Promise<void>((resolve) => (markReady = resolve));
    let joined = false;
    consumer.on(consumer.events.GROUP_JOIN, () => {
      joined = true;
    });
    // The first completed fetch after joining means the start offsets have been resolved.
    consumer.on(consumer.events.FETCH, () => {
      if (joined) markReady();
    });
    try {
      await consumer.connect();
      await consumer.subscribe({ topics: [...options.topics], fromBeginning: options.fromBeginning });
      await consumer.run({
        partitionsConsumedConcurrently: options.concurrentPartitions ?? 1,
        autoCommit: false,
        eachBatchAutoResolve: false,
        eachBatch: async (payload: EachBatchPayload) => {
          const { batch } = payload;
          const last = batch.messages.at(-1);
          if (!last || !payload.isRunning() || payload.isStale()) return;
          const halted = await options
            .handleBatch({
              topic: batch.topic,
              partition: batch.partition,
              highWatermark: batch.highWatermark,
              messages: batch.messages.map((m) => ({
                topic: batch.topic,
                partition: batch.partition,
                offset: m.offset,
                key: m.key?.toString('utf8') ?? '',
                value: m.value ?? Buffer.alloc(0),
                headers: decodeHeaders(m.headers),
              })),
            })
            .then(
              () => false,
              (err: unknown) => {
                if (err instanceof ShieldlineError && !err.retriable) return true;
                throw err;
              },
            );
          if (halted) {
            // The reader refused this partition for good: nothing more is fetched from it, and the
            // group's position stays where it was, until this consumer is started again.
            consumer.pause([{ topic: batch.topic, partitions: [batch.partition] }]);
            this.logger.error('partition halted by its reader', {
              groupId: options.groupId,
              topic: batch.topic,
              partition: batch.partition,
            });
            return;
          }
          payload.resolveOffset(last.offset);
          await consumer.commitOffsets([
            { topic: batch.topic, partition: batch.partition, offset: (BigInt(last.offset) + 1n).toString() },
          ]);
          await payload.heartbeat();
        },
      });
    } catch (err) {
      this.consumers.delete(consumer);
      await consumer.disconnect().catch(() => undefined);
      throw new ShieldlineError(
        'EVENT_LOG_UNAVAILABLE',
        `could not start Kafka consumer: ${errorMessage(err)}`,
        {
          retriable: true,
          cause: err,
        },
      );
    }
    return {
      ready,
      stop: async () => {
        stopped = true;
        this.consumers.delete(consumer);
        await consumer.disconnect();
      },
    };
  }

  /** The cluster answers a metadata request (one short-lived admin connection). */
  async ping(): Promise<void> {
    await this.withAdmin((admin) => admin.describeCluster());
  }

  /** One short-lived admin connection; a failure to reach the cluster is retriable. */
  private async withAdmin<T>(work: (admin: Admin) => Promise<T>): Promise<T> {
    const admin = this.kafka.admin();
    try {
      await admin.connect();
      return await work(admin);
    } catch (err) {
      if (err instanceof ShieldlineError) throw err;
      throw new ShieldlineError('EVENT_LOG_UNAVAILABLE', `Kafka does not answer: ${errorMessage(err)}`, {
        retriable: true,
        cause: err,
      });
    } finally {
      await admin.disconnect();
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const item of this.pendingPublishes.splice(0)) item.reject(closedError());
    await Promise.all([...this.consumers].map((c) => c.disconnect()));
    this.consumers.clear();
    // A request under way, or a connect, is waited for: disconnecting under it does not stop kafkajs's
    // retries (they reconnect), which would go on after close() — after a test's teardown, or past a
    // shutdown. Each ends within the producer's bounded retries; sendWithinBound sends no more once
    // `closed` is set, and a connect that ends after it disconnects itself.
    await Promise.allSettled([this.publishInFlight, this.producerConnecting]);
    if (this.producer) await this.producer.disconnect();
    this.producer = null;
    this.producerConnecting = null;
  }

  private async connectedProducer(): Promise<Producer> {
    if (this.producer) return this.producer;
    this.producerConnecting ??= (async () => {
      // Not kafkajs's idempotent mode (which wants unbounded retries): a retried send may duplicate a
      // message, and the projector drops duplicates by event id. One request in flight keeps each
      // partition in order across retries.
      const producer = this.kafka.producer({
        idempotent: false,
        maxInFlightRequests: 1,
        allowAutoTopicCreation: false,
        createPartitioner: Partitioners.DefaultPartitioner,
        // About 3 s of kafkajs retries per request (100 ms doubling, 5 times); sendWithinBound sends again
        // while the publish bound allows, so a request never outlives the bound by more than that.
        retry: { initialRetryTime: 100, retries: 5 },
      });
      try {
        await producer.connect();
      } catch (err) {
        this.producerConnecting = null;
        throw new ShieldlineError(
          'EVENT_LOG_UNAVAILABLE',
          `could not connect to Kafka: ${errorMessage(err)}`,
          {
            retriable: true,
            cause: err,
          },
        );
      }
      if (this.closed) {
        // close() ran while this connect was under way: it could not see this producer, so nobody
        // else would ever disconnect it (its metadata refreshes would keep the process alive).
        await producer.disconnect().catch(() => undefined);
        this.producerConnecting = null;
        throw closedError();
      }
      this.producer = producer;
      return producer;
    })();
    return this.producerConnecting;
  }
}

function closedError(): ShieldlineError {
  return new ShieldlineError('EVENT_LOG_UNAVAILABLE', 'the event log was closed', { retriable: true });
}

function groupByTopic<T extends { topic: string }>(items: readonly T[]): Map<string, T[]> {
  const byTopic = new Map<string, T[]>();
  for (const item of items) {
    let list = byTopic.get(item.topic);
    if (!list) byTopic.set(item.topic, (list = []));
    list.push(item);
  }
  return byTopic;
}

function decodeHeaders(
  headers: Record<string, Buffer | string | (Buffer | string)[] | undefined> | undefined,
) {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) out[name] = first.toString();
  }
  return out;
}

/** Record-batch and record headers, key and our headers, kept free under a topic's max.message.bytes. */
const MESSAGE_OVERHEAD_BYTES = 4096;

/** Values per produce request: under the broker's default 1 MiB record-batch limit, with headroom. */
const REQUEST_BYTES = 768 * 1024;

/** Splits [topic, messages] pairs into requests of at most `limit` value bytes (a larger message alone). */
export function chunkByBytes(
  byTopic: readonly (readonly [string, readonly LogMessage[]])[],
  limit: number,
): [string, LogMessage[]][][] {
  const chunks: [string, LogMessage[]][][] = [];
  let current: [string, LogMessage[]][] = [];
  let size = 0;
  for (const [topic, messages] of byTopic) {
    for (const message of messages) {
      const bytes = message.value.length + Buffer.byteLength(message.key);
      if (size > 0 && size + bytes > limit) {
        chunks.push(current);
        current = [];
        size = 0;
      }
      const last = current[current.length - 1];
      if (last && last[0] === topic) last[1].push(message);
      else current.push([topic, [message]]);
      size += bytes;
    }
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

function publishFailure(err: unknown): ShieldlineError {
  return err instanceof ShieldlineError
    ? err
    : new ShieldlineError('EVENT_LOG_PUBLISH_FAILED', `Kafka did not acknowledge: ${errorMessage(err)}`, {
        retriable: retriableKafkaFailure(err),
        cause: err,
      });
}

/** Default for EVENT_LOG_PUBLISH_TIMEOUT_MS. */
export const DEFAULT_PUBLISH_TIMEOUT_MS = 10_000;

/**
 * Whether sending again may succeed. kafkajs wraps a broker it could not reach, once its own retries are
 * spent, in a KafkaJSNonRetriableError: that is an outage (retriable for the sender). Only a refusal by
 * the broker of the request itself (a protocol error it marks non-retriable: a message over its size
 * limit, an invalid record) means the same request will never be accepted.
 */
export function retriableKafkaFailure(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 10; depth++) {
    const error = e as { name?: string; retriable?: boolean; cause?: unknown; originalError?: unknown };
    if (error.name === 'KafkaJSProtocolError' && error.retriable === false) return false;
    e = error.originalError ?? error.cause;
  }
  return true;
}
