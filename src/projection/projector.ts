import { type DataSource } from 'typeorm';
import { errorMessage, ShieldlineError } from '../common/errors';
import { type Logger } from '../common/logger';
import { newId } from '../common/ids';
import { type CloudEvent } from '../messaging/envelope';
import { type ConsumedBatch, type ConsumerHandle, type EventLog } from '../messaging/event-log.port';
import { projectedTopics, type Topics } from '../messaging/topics';
import { ProjectionRepository } from '../persistence/repositories/projection.repository';
import { ReadPositionRepository } from '../persistence/repositories/read-positions.repository';
import { ChangeRelay } from './change-relay';
import { BEHIND_GRACE_MS, type LogChange, logChange, messageDigest } from './log-binding';
import { secondsSince, sourceLabel, type Telemetry } from '../common/telemetry';
import { carrierOfSpan, contextFrom, startSpan } from '../common/tracing';
import { type Span, SpanStatusCode } from '@opentelemetry/api';
import { RECEIVED_AT_HEADER, SOURCE_HEADER } from '../messaging/envelope';
import { projectEvents } from './domain.projection';
import { eventsToApply, planBatch } from './batch-plan';
import { type ClockPolicy } from '../domain/rules/clock-transitions';
import { type JobQueue } from '../persistence/job-queue';

export interface ProjectorStats {
  applied: number;
  duplicates: number;
  deadLettered: number;
  /** Batches refused because their log changed (nothing applied from them). */
  haltedBatches: number;
}

/** How often the projector sweeps the change outbox besides after each batch. */
const RELAY_SWEEP_MS = 5000;

/** A partition the projector refused to read on (its log changed), until an operator re-seeds it. */
export interface HaltedRead {
  topic: string;
  partition: number;
  reason: string;
}

/**
 * Folds the event log into PostgreSQL. Each batch is one transaction that (1) skips messages at or below
 * the partition offset stored in the database, (2) skips event ids already applied, (3) applies the rest,
 * (4) stores the next offset and (5) queues change-feed messages in the outbox. At-least-once delivery
 * plus (1)–(4) in one transaction gives every event exactly one effect across crashes and restarts.
 *
 * Positions are bound to the log they were read from (log-binding.ts): a batch from a recreated or
 * truncated log halts its partition — nothing applied, nothing skipped, an error logged and the reason
 * kept in consumer_offset for /readyz — until `shieldline projections reseed`.
 *
 * A message that can never be applied (undecodable envelope, a type or data outside the catalogue) is
 * dead-lettered inside the
 * same transaction rather than thrown, so one poison message cannot stall its partition. Anything else
 * (database down) rejects the batch, which the log redelivers.
 */
export class Projector {
  readonly stats: ProjectorStats = { applied: 0, duplicates: 0, deadLettered: 0, haltedBatches: 0 };
  private consumer: ConsumerHandle | null = null;
  private readonly relay: ChangeRelay;
  private logId: string | null = null;
  private relaySweep: NodeJS.Timeout | null = null;
  /** Messages behind, per `topic/partition`, after the last batch read from it. */
  private readonly lag = new Map<string, number>();
  /** When a partition first reported an end below its stored position (see LogChange). */
  private readonly behindSince = new Map<string, number>();
  /** Partitions halted in this run, by `topic/partition`. */
  private readonly haltedReads = new Map<string, HaltedRead>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly eventLog: EventLog,
    private readonly topics: Topics,
    private readonly groupId: string,
    private readonly logger: Logger,
    private readonly options: {
      maxBatchBytes?: number;
      concurrentPartitions?: number;
      telemetry?: Telemetry;
      /** Durable timers for the clocks the folds compute, scheduled in each batch's transaction. */
      clocks?: { queue: JobQueue; policy: ClockPolicy };
      /** Called after a batch that applied events has committed (the link scorer's wake-up). */
      afterCommit?: () => void;
    } = {},
  ) {
    this.relay = new ChangeRelay(dataSource, eventLog, topics.changes, `${groupId}:${newId()}`, logger);
  }

  /** Messages behind the end of each partition after its last batch, summed (0 before any batch). */
  lagMessages(): number {
    let total = 0;
    for (const behind of this.lag.values()) total += behind;
    return total;
  }

  /** Partitions this run refused to read on, with why. */
  get halted(): readonly HaltedRead[] {
    return [...this.haltedReads.values()];
  }

  async start(): Promise<void> {
    const logId = await this.eventLog.identity();
    this.logId = logId;
    // Said at start, before any batch arrives: an idle partition of a recreated log would otherwise
    // look healthy until the first new event there was dropped.
    const positions = new ReadPositionRepository(this.dataSource);
    for (const other of await positions.fromOtherLogs(this.groupId, logId)) {
      const reason = `this partition was read from log ${other.logId}, but the log is now ${logId}`;
      await this.haltRead(positions, other.topic, other.partition, reason);
    }
    // Anything left in the outbox by a previous run goes out first.
    await this.relay.flush();
    // And again now and then: rows claimed by a replica that crashed mid-publish are taken over once
    // their claim times out, even when no new batch arrives to trigger a flush.
    this.relaySweep = setInterval(() => void this.relay.flush(), RELAY_SWEEP_MS);
    this.relaySweep.unref();
    this.consumer = await this.eventLog.startConsumer({
      groupId: this.groupId,
      topics: projectedTopics(this.topics),
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
    if (this.relaySweep) clearInterval(this.relaySweep);
    this.relaySweep = null;
    await this.consumer?.stop();
    this.consumer = null;
    await this.relay.flush();
  }

  async handleBatch(batch: ConsumedBatch): Promise<void> {
    const logId = (this.logId ??= await this.eventLog.identity());
    const outcome = { applied: 0, duplicates: 0, deadLettered: 0 };
    let changes = 0;
    // Set inside the transaction (a holder: TypeScript does not follow assignments made in callbacks).
    const refused: { change: LogChange | null } = { change: null };
    const applied: CloudEvent[] = [];
    const spans = new Map<string, Span>();
    let created = new Map<string, number>();
    try {
      await this.dataSource.transaction(async (db) => {
        const repo = new ProjectionRepository(db, this.options.clocks?.queue ?? null);
        const positions = new ReadPositionRepository(db);
        const stored = await positions.position(this.groupId, batch.topic, batch.partition);
        refused.change = logChange(stored, batch, logId);
        if (refused.change !== null) return;
        const plan = planBatch(batch.messages, stored?.next ?? null, this.topics.deadLetter);
        outcome.duplicates += plan.redelivered;
        const last = plan.fresh.at(-1);
        if (!last || plan.next === null) return;
        const { decoded, deadLetters } = plan;
        const toApply = eventsToApply(decoded, await repo.recordEvents(decoded));
        // One span per applied event, continuing the trace its ingest started (ended once committed).
        for (const event of toApply) spans.set(event.id, projectionSpan(event, batch));
        const announced = await projectEvents(repo, toApply, this.options.clocks?.policy ?? null);
        await repo.recordDeadLetters(deadLetters);
        const byId = new Map(toApply.map((e) => [e.id, e]));
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
            headers: changeHeaders(
              byId.get(
                change.kind === 'ALERT_RAISED'
                  ? change.raisedBy
                  : change.kind === 'DEADLINE_CHANGED'
                    ? change.deadlineId
                    : change.eventId,
              ),
              spans,
            ),
          })),
        );
        await positions.savePosition(this.groupId, batch.topic, batch.partition, {
          next: plan.next,
          logId,
          lastDigest: messageDigest(last.value),
        });
        applied.push(...toApply);
        created = countBy(deadLetters.filter((d) => d.connector === 'projector').map((d) => d.reasonCode));
        outcome.applied += toApply.length;
        outcome.duplicates += decoded.length - toApply.length;
        outcome.deadLettered += deadLetters.length;
        changes = announced.length;
      });
    } catch (err) {
      for (const span of spans.values()) {
        span.setStatus({ code: SpanStatusCode.ERROR, message: 'batch failed; it will be delivered again' });
        span.end();
      }
      throw new ShieldlineError(
        'PROJECTION_FAILED',
        `batch on ${batch.topic}/${batch.partition} failed: ${errorMessage(err)}`,
        { retriable: true, cause: err },
      );
    }
    if (outcome.applied > 0) this.options.afterCommit?.();
    const key = `${batch.topic}/${batch.partition}`;
    if (refused.change?.kind === 'behind') {
      const since = this.behindSince.get(key) ?? Date.now();
      this.behindSince.set(key, since);
      if (Date.now() - since < BEHIND_GRACE_MS) {
        // Retriable: fetched again (with a fresh high watermark) after the log's backoff.
        throw new ShieldlineError('PROJECTION_FAILED', `${key}: ${refused.change.reason}; fetching again`, {
          retriable: true,
        });
      }
    }
    if (refused.change !== null) {
      this.stats.haltedBatches += 1;
      const positions = new ReadPositionRepository(this.dataSource);
      await this.haltRead(positions, batch.topic, batch.partition, refused.change.reason);
      // Not retriable: the log halts this partition rather than delivering the batch again.
      throw new ShieldlineError('EVENT_LOG_CHANGED', `${key}: ${refused.change.reason}`);
    }
    this.behindSince.delete(key);
    this.stats.applied += outcome.applied;
    this.stats.duplicates += outcome.duplicates;
    this.stats.deadLettered += outcome.deadLettered;
    for (const span of spans.values()) span.end();
    const tail = batch.messages.at(-1);
    const behind = tail ? messagesBehind(batch.highWatermark, tail.offset) : null;
    if (behind !== null) this.lag.set(key, behind);
    this.report(batch, outcome, applied, created, behind);
    // Not awaited: the relay is single-flight and must not hold up the next batch.
    if (changes > 0) void this.relay.flush();
  }

  private report(
    batch: ConsumedBatch,
    outcome: { applied: number; duplicates: number; deadLettered: number },
    applied: readonly CloudEvent[],
    created: ReadonlyMap<string, number>,
    behind: number | null,
  ): void {
    for (const [reason, count] of created) {
      this.logger.warn('events the projector cannot apply were dead-lettered; the partition moves on', {
        topic: batch.topic,
        partition: batch.partition,
        reason,
        count,
      });
    }
    const telemetry = this.options.telemetry;
    if (!telemetry) return;
    telemetry.eventsProjected('applied', outcome.applied);
    telemetry.eventsProjected('duplicate', outcome.duplicates);
    telemetry.eventsProjected('dead_lettered', outcome.deadLettered);
    for (const [reason, count] of created) telemetry.deadLettered('projector', reason, count);
    const committedAt = Date.now();
    for (const event of applied) {
      const seconds = secondsSince(event.receivedat, committedAt);
      if (seconds !== null) telemetry.stageReached(sourceLabel(event.source), 'projected', seconds);
    }
    if (behind !== null) telemetry.projectorLag(batch.topic, batch.partition, behind);
  }

  private async haltRead(
    positions: ReadPositionRepository,
    topic: string,
    partition: number,
    reason: string,
  ): Promise<void> {
    const key = `${topic}/${partition}`;
    if (!this.haltedReads.has(key)) {
      this.logger.error('event log changed under the projector: partition halted, nothing skipped', {
        topic,
        partition,
        reason,
        action: 'stop the projector, then run `shieldline projections reseed`',
      });
    }
    this.haltedReads.set(key, { topic, partition, reason });
    this.options.telemetry?.partitionsHalted(this.haltedReads.size);
    await positions.halt(this.groupId, topic, partition, reason);
  }
}

/**
 * Log headers of a change message, from the event that caused it: when and through which connector it
 * was accepted, so the gateway can measure acceptance → delivery per source.
 */
function changeHeaders(
  cause: CloudEvent | undefined,
  spans: ReadonlyMap<string, Span>,
): Record<string, string> {
  if (!cause) return {};
  const span = spans.get(cause.id);
  return {
    [RECEIVED_AT_HEADER]: cause.receivedat,
    [SOURCE_HEADER]: sourceLabel(cause.source),
    ...(span ? carrierOfSpan(span) : {}),
  };
}

function projectionSpan(event: CloudEvent, batch: ConsumedBatch): Span {
  return startSpan(`project ${event.type}`, contextFrom(event as unknown as Record<string, unknown>), {
    'shieldline.event_id': event.id,
    'messaging.destination.name': batch.topic,
    'messaging.destination.partition.id': String(batch.partition),
  });
}

/** Messages after `lastOffset` up to the partition's end (never negative). */
function messagesBehind(highWatermark: string, lastOffset: string): number {
  const behind = BigInt(highWatermark) - (BigInt(lastOffset) + 1n);
  return Number(behind > 0n ? behind : 0n);
}

function countBy(values: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return counts;
}
