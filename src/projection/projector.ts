import { type DataSource } from 'typeorm';
import { errorMessage, ShieldlineError } from '../common/errors';
import { type Logger } from '../common/logger';
import { newId } from '../common/ids';
import { decodeDeadLetter } from '../ingest/dead-letter-message';
import { decideOnFailure } from '../ingest/failure-policy';
import { type CloudEvent, parseEnvelope } from '../messaging/envelope';
import {
  type ConsumedBatch,
  type ConsumedMessage,
  type ConsumerHandle,
  type EventLog,
} from '../messaging/event-log.port';
import { type Topics } from '../messaging/topics';
import {
  type DeadLetterRecord,
  type LogPosition,
  ProjectionRepository,
} from '../persistence/repositories/projection.repository';
import { ChangeRelay } from './change-relay';
import { projectEvents } from './domain.projection';
import { canonicalProblems } from '../domain/catalogue/validation';

export interface ProjectorStats {
  applied: number;
  duplicates: number;
  deadLettered: number;
}

/**
 * Folds the event log into PostgreSQL. Each batch is one transaction that (1) skips messages at or below
 * the partition offset stored in the database, (2) skips event ids already applied, (3) applies the rest,
 * (4) stores the next offset and (5) queues change-feed messages in the outbox. At-least-once delivery
 * plus (1)–(4) in one transaction gives every event exactly one effect across crashes and restarts.
 *
 * A message that can never be applied (undecodable envelope, a type or data outside the catalogue) is
 * dead-lettered inside the
 * same transaction rather than thrown, so one poison message cannot stall its partition. Anything else
 * (database down) rejects the batch, which the log redelivers.
 */
export class Projector {
  readonly stats: ProjectorStats = { applied: 0, duplicates: 0, deadLettered: 0 };
  private consumer: ConsumerHandle | null = null;
  private readonly relay: ChangeRelay;

  constructor(
    private readonly dataSource: DataSource,
    private readonly eventLog: EventLog,
    private readonly topics: Topics,
    private readonly groupId: string,
    private readonly logger: Logger,
    private readonly options: { maxBatchBytes?: number; concurrentPartitions?: number } = {},
  ) {
    this.relay = new ChangeRelay(dataSource, eventLog, `${groupId}:${newId()}`, logger);
  }

  async start(): Promise<void> {
    // Anything left in the outbox by a previous run goes out first.
    await this.relay.flush();
    this.consumer = await this.eventLog.startConsumer({
      groupId: this.groupId,
      topics: [this.topics.court, this.topics.police, this.topics.cps, this.topics.deadLetter],
      fromBeginning: true,
      maxBatchBytes: this.options.maxBatchBytes,
      // Each partition's batch is its own transaction; rows are upserted in id order so concurrent
      // batches cannot deadlock on them. A stream spanning topics (a case's police and CPS events) is
      // folded under a per-stream lock, so the later fold sees the earlier one's committed events.
      concurrentPartitions: this.options.concurrentPartitions ?? 1,
      handleBatch: (batch) => this.handleBatch(batch),
    });
    await this.consumer.ready;
  }

  async stop(): Promise<void> {
    await this.consumer?.stop();
    this.consumer = null;
    await this.relay.flush();
  }

  async handleBatch(batch: ConsumedBatch): Promise<void> {
    const outcome = { applied: 0, duplicates: 0, deadLettered: 0 };
    let changes = 0;
    try {
      await this.dataSource.transaction(async (db) => {
        const repo = new ProjectionRepository(db);
        const stored = await repo.nextOffset(this.groupId, batch.topic, batch.partition);
        const fresh = batch.messages.filter((m) => stored === null || BigInt(m.offset) >= stored);
        outcome.duplicates += batch.messages.length - fresh.length;
        const last = fresh.at(-1);
        if (!last) return;

        const deadLetters: DeadLetterRecord[] = [];
        const decoded: { event: CloudEvent; text: string; at: LogPosition }[] = [];
        for (const message of fresh) {
          const item = this.decode(message);
          if ('deadLetter' in item) deadLetters.push(item.deadLetter);
          else decoded.push(item);
        }
        const newIds = await repo.recordEvents(decoded);
        const seen = new Set<string>();
        const toApply: CloudEvent[] = [];
        for (const { event } of decoded) {
          if (!newIds.has(event.id) || seen.has(event.id)) continue;
          seen.add(event.id);
          toApply.push(event);
        }
        const announced = await projectEvents(repo, toApply);
        await repo.recordDeadLetters(deadLetters);
        await repo.enqueueChanges(
          this.topics.changes,
          announced.map((change) => ({
            key:
              change.kind === 'ORDER_CHANGED'
                ? change.orderRef
                : change.kind === 'CASE_EVENT'
                  ? `case:${change.caseUrn}`
                  : change.subjectRef,
            payload: change,
          })),
        );
        await repo.saveNextOffset(this.groupId, batch.topic, batch.partition, BigInt(last.offset) + 1n);
        outcome.applied += toApply.length;
        outcome.duplicates += decoded.length - toApply.length;
        outcome.deadLettered += deadLetters.length;
        changes = announced.length;
      });
    } catch (err) {
      throw new ShieldlineError(
        'PROJECTION_FAILED',
        `batch on ${batch.topic}/${batch.partition} failed: ${errorMessage(err)}`,
        { retriable: true, cause: err },
      );
    }
    this.stats.applied += outcome.applied;
    this.stats.duplicates += outcome.duplicates;
    this.stats.deadLettered += outcome.deadLettered;
    // Not awaited: the relay is single-flight and must not hold up the next batch.
    if (changes > 0) void this.relay.flush();
  }

  /** A dead-letter message, a decodable event, or — when the envelope is unreadable — a new dead letter. */
  private decode(
    message: ConsumedMessage,
  ): { event: CloudEvent; text: string; at: LogPosition } | { deadLetter: DeadLetterRecord } {
    const at = { topic: message.topic, partition: message.partition, offset: message.offset };
    try {
      if (message.topic === this.topics.deadLetter) return { deadLetter: decodeDeadLetter(message.value) };
      const text = message.value.toString('utf8');
      const event = parseEnvelope(text);
      // Only catalogue events are folded: an unknown type, or data its type's schema refuses, would fail
      // every redelivery of its batch and stall the partition behind it. It is dead-lettered instead.
      const problems = canonicalProblems(event.type, event.data, '/data');
      if (problems.length > 0) {
        const error = new ShieldlineError(
          'EVENT_NOT_IN_CATALOGUE',
          `event ${event.id} of type ${event.type} is not a catalogue event`,
        );
        return { deadLetter: this.unreadable(message, 'projector', error, problems) };
      }
      return { event, text, at };
    } catch (err) {
      if (decideOnFailure(err) === 'RETRY' || !(err instanceof ShieldlineError)) throw err;
      return { deadLetter: this.unreadable(message, 'projector', err) };
    }
  }

  private unreadable(
    message: ConsumedMessage,
    connector: string,
    err: ShieldlineError,
    problems: DeadLetterRecord['problems'] = [],
  ) {
    return {
      deadLetterId: newId(),
      connector,
      reasonCode: err.code,
      message: `${message.topic}/${message.partition}@${message.offset}: ${err.message}`,
      problems: [...problems],
      contentType: null,
      originalBytes: message.value,
      truncated: false,
      receivedAt: new Date().toISOString(),
    };
  }
}
