import { type DataSource } from 'typeorm';
import { errorMessage, ShieldlineError } from '../common/errors';
import { type Logger } from '../common/logger';
import { newId } from '../common/ids';
import { decodeDeadLetter } from '../ingest/dead-letter-message';
import { type CloudEvent, decodeEnvelope } from '../messaging/envelope';
import { type ConsumedBatch, type ConsumedMessage, type ConsumerHandle, type EventLog } from '../messaging/event-log.port';
import { type Topics } from '../messaging/topics';
import { ProjectionRepository } from '../persistence/repositories/projection.repository';
import { ChangeRelay } from './change-relay';
import { type OrderChangeMessage, projectOrderEvent } from './order.projection';

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
 * A message that can never be applied (undecodable envelope, unknown type) is dead-lettered inside the
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
    private readonly options: { maxBatchBytes?: number } = {},
  ) {
    this.relay = new ChangeRelay(dataSource, eventLog, `${groupId}:${newId()}`, logger);
  }

  async start(): Promise<void> {
    // Anything left in the outbox by a previous run goes out first.
    await this.relay.flush();
    this.consumer = await this.eventLog.startConsumer({
      groupId: this.groupId,
      topics: [this.topics.court, this.topics.deadLetter],
      fromBeginning: true,
      maxBatchBytes: this.options.maxBatchBytes,
      handleBatch: (batch) => this.handleBatch(batch),
    });
    await this.consumer.ready;
  }

  async stop(): Promise<void> {
    await this.consumer?.stop();
    this.consumer = null;
  }

  async handleBatch(batch: ConsumedBatch): Promise<void> {
    const outcome = { applied: 0, duplicates: 0, deadLettered: 0 };
    let changes = 0;
    try {
      await this.dataSource.transaction(async (db) => {
        const repo = new ProjectionRepository(db);
        const stored = await repo.nextOffset(this.groupId, batch.topic, batch.partition);
        let next = stored;
        for (const message of batch.messages) {
          const offset = BigInt(message.offset);
          if (stored !== null && offset < stored) {
            outcome.duplicates += 1;
            continue;
          }
          const result = await this.applyMessage(repo, message);
          outcome[result.outcome] += 1;
          if (result.change) {
            await repo.enqueueChange(this.topics.changes, result.change.orderRef, result.change);
            changes += 1;
          }
          next = offset + 1n;
        }
        if (next !== null && next !== stored) await repo.saveNextOffset(this.groupId, batch.topic, batch.partition, next);
      });
    } catch (err) {
      throw new ShieldlineError('PROJECTION_FAILED', `batch on ${batch.topic}/${batch.partition} failed: ${errorMessage(err)}`, {
        retriable: true,
        cause: err,
      });
    }
    this.stats.applied += outcome.applied;
    this.stats.duplicates += outcome.duplicates;
    this.stats.deadLettered += outcome.deadLettered;
    if (changes > 0) await this.relay.flush();
  }

  private async applyMessage(
    repo: ProjectionRepository,
    message: ConsumedMessage,
  ): Promise<{ outcome: keyof ProjectorStats; change: OrderChangeMessage | null }> {
    const position = { topic: message.topic, partition: message.partition, offset: message.offset };
    if (message.topic === this.topics.deadLetter) {
      try {
        await repo.recordDeadLetter(decodeDeadLetter(message.value));
      } catch (err) {
        if (!(err instanceof ShieldlineError)) throw err;
        await repo.recordDeadLetter(this.unreadable(message, 'projector', err));
      }
      return { outcome: 'deadLettered', change: null };
    }
    let event: CloudEvent;
    try {
      event = decodeEnvelope(message.value);
    } catch (err) {
      if (!(err instanceof ShieldlineError)) throw err;
      await repo.recordDeadLetter(this.unreadable(message, 'projector', err));
      return { outcome: 'deadLettered', change: null };
    }
    if (!(await repo.recordEvent(event, position))) return { outcome: 'duplicates', change: null };
    const change = await projectOrderEvent(repo, event);
    return { outcome: 'applied', change };
  }

  private unreadable(message: ConsumedMessage, connector: string, err: ShieldlineError) {
    return {
      deadLetterId: newId(),
      connector,
      reasonCode: err.code,
      message: `${message.topic}/${message.partition}@${message.offset}: ${err.message}`,
      problems: [],
      contentType: null,
      originalBytes: message.value,
      truncated: false,
      receivedAt: new Date().toISOString(),
    };
  }
}
