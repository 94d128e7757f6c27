/**
 * Kafka's default limit on one record batch (`max.message.bytes`, 1 MiB + 12), less room for the batch
 * and record headers, the key and our headers: the largest value a single-message batch can carry.
 * Both logs use it unless the broker says otherwise, so the demo refuses what production would.
 */
export const DEFAULT_MAX_MESSAGE_BYTES = 1_048_588 - 4096;

/**
 * The event-log port. Connectors, the projector and the gateway talk to this interface only; the Kafka
 * adapter (kafka-event-log.ts, the only importer of kafkajs) and the Postgres-table adapter
 * (postgres-event-log.ts, the embedded default) implement it and pass the same contract tests.
 */
export interface LogMessage {
  /** Partition key: the aggregate (order / bail / case), so one aggregate's events stay in order. */
  key: string;
  value: Buffer;
  headers?: Readonly<Record<string, string>>;
}

export interface ConsumedMessage extends LogMessage {
  topic: string;
  partition: number;
  /** Position in the partition as a decimal string (Kafka offsets are 64-bit). */
  offset: string;
}

export interface ConsumedBatch {
  topic: string;
  partition: number;
  messages: readonly ConsumedMessage[];
  /**
   * The offset the partition's next appended message will get, as the log reported it with this batch.
   * A reader that has stored a position above it is reading a different (recreated or truncated) log.
   */
  highWatermark: string;
}

export interface ConsumerOptions {
  groupId: string;
  topics: readonly string[];
  /** Where a group with no stored position starts: the oldest retained message, or only new ones. */
  fromBeginning: boolean;
  /**
   * Upper bound on one batch's size per partition, in bytes of message values (Kafka:
   * maxBytesPerPartition; table log: the same budget, and at most 500 messages). A single message larger
   * than the budget is still delivered, alone. Smaller batches mean shorter projector transactions.
   * Default 1 MiB.
   */
  maxBatchBytes?: number;
  /**
   * How long a fetch may wait for more data before returning what it has (Kafka: the broker holds the
   * fetch until minBatchBytes are there or this many ms). Larger batches cost fewer transactions and far
   * less broker CPU; this bounds the latency added per hop. Default 20 ms.
   */
  maxBatchWaitMs?: number;
  /**
   * How much data lets a fetch return before maxBatchWaitMs (Kafka: minBytes). Default 64 KiB, for
   * batching; 1 makes a fetch return as soon as anything arrives, so a long maxBatchWaitMs then adds no
   * latency and an idle consumer polls rarely.
   */
  minBatchBytes?: number;
  /**
   * How many partitions' batches may be handled at once (Kafka only; order within a partition is always
   * kept). Default 1.
   */
  concurrentPartitions?: number;
  /**
   * Called with each batch, in order per partition. The log records the group's progress only after the
   * returned promise resolves. A rejection with a retriable error (or any error that is not a
   * ShieldlineError) means the batch is delivered again (at-least-once); a ShieldlineError that is not
   * retriable halts that partition — nothing more is delivered from it until the consumer is started
   * again — so a reader that must not go on (a changed log) stops without skipping anything.
   */
  handleBatch(batch: ConsumedBatch): Promise<void>;
}

export interface ConsumerHandle {
  /** Resolves once the consumer has joined and been given its partitions (or, for a table log, started). */
  readonly ready: Promise<void>;
  stop(): Promise<void>;
}

export interface EventLog {
  readonly kind: 'kafka' | 'postgres';
  /**
   * Which log this is: Kafka's cluster id, or the table log's own id. A position read from one log means
   * nothing in another, so readers store it beside their positions and refuse to go on when it changes.
   */
  identity(): Promise<string>;
  /**
   * The largest message value (bytes) the log accepts on these topics, known once ensureTopics has run:
   * a larger event is refused before it is sent, so it never fails a request it shares.
   */
  maxMessageBytes(): number;
  /**
   * Moves a consumer group back to the start of these topics (re-seed after a changed log). Refused
   * while the group has live members: stop the readers first.
   */
  resetGroup(groupId: string, topics: readonly string[]): Promise<void>;
  ensureTopics(topics: readonly string[]): Promise<void>;
  /** Resolves only when the log has durably acknowledged every message (acks=all for Kafka). */
  publish(topic: string, messages: readonly LogMessage[]): Promise<void>;
  startConsumer(options: ConsumerOptions): Promise<ConsumerHandle>;
  /** Resolves when the log answers (readiness); rejects with why not. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
