import { type DataSource } from 'typeorm';
import { newId } from '../common/ids';
import { type Logger } from '../common/logger';
import { NO_TELEMETRY, type Telemetry } from '../common/telemetry';
import { type ChangeMessage } from '../messaging/change-messages';
import {
  type ClockPolicy,
  isCurrentTransition,
  leadsFor,
  transitionAlertKind,
  transitionMessage,
} from '../domain/rules/clock-transitions';
import { type EventLog } from '../messaging/event-log.port';
import { type Topics } from '../messaging/topics';
import { CLOCK_QUEUE, type DueJob, type JobQueue } from '../persistence/job-queue';
import { ClockRepository, type ClockRow } from '../persistence/repositories/clock.repository';
import { ProjectionRepository } from '../persistence/repositories/projection.repository';
import { ChangeRelay } from './change-relay';
import { type ClockJobData, clockJobsFor } from './timer-jobs';
import { deterministicUuid } from '../common/ids';

const SWEEP_PAGE = 1000;
const BATCH = 50;

/**
 * Fires the clocks' transitions (src/domain/rules/clock-transitions.ts) from durable timers. The
 * projector schedules them in the transaction that writes the clock; this works them when due. Each
 * firing is one transaction that takes the clock's stream lock (so it and a fold of the same stream wait
 * for each other), re-reads the clock, checks the transition is still the clock's current one, records
 * it in clock_transition (whose key makes it once-only, whatever the queue retries or however many
 * replicas work it), writes its alert and queues, in the change outbox, `alertRaised`, `deadlineChanged`
 * and — for an order's end — an `EXPIRED` order change.
 *
 * At start it sweeps every open clock and schedules what is due (ids are deterministic, so this adds
 * only what is missing): clocks projected before timers existed, after a rebuild, or after a change to
 * the lead times.
 */
export class ClockWorker {
  private readonly relay: ChangeRelay;

  constructor(
    private readonly dataSource: DataSource,
    private readonly queue: JobQueue,
    eventLog: EventLog,
    private readonly topics: Topics,
    private readonly policy: ClockPolicy,
    private readonly logger: Logger,
    private readonly telemetry: Telemetry = NO_TELEMETRY,
  ) {
    this.relay = new ChangeRelay(dataSource, eventLog, topics.changes, `clocks:${newId()}`, logger);
  }

  async start(): Promise<void> {
    const scheduled = await this.sweep();
    this.logger.debug('clock timers swept', { scheduled });
    await this.queue.work<ClockJobData>(CLOCK_QUEUE, (jobs) => this.fire(jobs), { batchSize: BATCH });
  }

  /** Stops taking timers (waits for the batch in hand), then sends what it announced. */
  async stop(): Promise<void> {
    await this.queue.stop();
    await this.relay.flush();
  }

  /** Schedules the due transitions of every open clock; returns how many jobs were offered. */
  sweep(): Promise<number> {
    return sweepClocks(this.dataSource, this.queue, this.policy, null);
  }

  /** Fires a batch of due jobs; a throw makes pg-boss retry the batch (each firing is once-only). */
  async fire(jobs: readonly DueJob<ClockJobData>[]): Promise<void> {
    const now = this.policy.now();
    let fired = 0;
    await this.dataSource.transaction(async (db) => {
      const clocks = new ClockRepository(db);
      const seen = await clocks.openClocks(jobs.map((j) => j.data.clockId));
      await clocks.lockStreams([...new Set([...seen.values()].map((c) => c.streamKey))]);
      // Read again under the lock: a fold that committed meanwhile may have moved or met the clock.
      const current = await clocks.openClocks(jobs.map((j) => j.data.clockId));
      const forceLeads = await clocks.forceLeads([...current.values()].map((c) => c.policeArea));
      const changes: { key: string; payload: ChangeMessage }[] = [];
      for (const job of jobs) {
        const clock = current.get(job.data.clockId);
        const planned = { transition: job.data.transition, at: job.data.at };
        if (
          !clock ||
          !isCurrentTransition(
            clock,
            planned,
            now,
            this.policy.catchUpMinutes,
            leadsFor(this.policy, forceLeads, clock.policeArea),
          )
        )
          continue;
        const alertId = deterministicUuid('clock-alert', clock.clockId, planned.transition, planned.at);
        const kind = transitionAlertKind(clock.ruleId, planned.transition);
        const message = transitionMessage(clock, planned.transition);
        const recorded = await clocks.recordTransition({
          clockId: clock.clockId,
          transition: planned.transition,
          dueInstant: planned.at,
          ruleId: clock.ruleId,
          streamKey: clock.streamKey,
          alertId,
          kind,
          message,
          citation: clock.citation,
          policeArea: clock.policeArea,
          subjectRef: clock.subjectRef,
          raisedBy: clock.startedBy,
        });
        if (!recorded) continue;
        fired += 1;
        this.telemetry.clockTransitionFired(
          planned.transition,
          (now.getTime() - Date.parse(planned.at)) / 1000,
        );
        changes.push(...announcements(clock, planned, job.id, { alertId, kind, message }));
      }
      await new ProjectionRepository(db, this.queue).enqueueChanges(this.topics.changes, changes);
    });
    if (fired > 0) void this.relay.flush();
  }
}

function announcements(
  clock: ClockRow,
  planned: { transition: ClockJobData['transition']; at: string },
  jobId: string,
  alert: { alertId: string; kind: string; message: string },
): { key: string; payload: ChangeMessage }[] {
  const out: { key: string; payload: ChangeMessage }[] = [
    {
      key: clock.subjectRef,
      payload: {
        kind: 'ALERT_RAISED',
        alertId: alert.alertId,
        alertKind: alert.kind,
        policeArea: clock.policeArea,
        subjectRef: clock.streamKey,
        message: alert.message,
        citation: clock.citation,
        raisedBy: clock.startedBy,
        raisedAt: planned.at,
      },
    },
    {
      key: clock.subjectRef,
      payload: {
        kind: 'DEADLINE_CHANGED',
        deadlineId: clock.clockId,
        change: planned.transition,
        ruleId: clock.ruleId,
        policeArea: clock.policeArea,
        subjectRef: clock.subjectRef,
        at: planned.at,
      },
    },
  ];
  if (clock.ruleId === 'ORDER_EXPIRY' && planned.transition === 'OVERDUE') {
    out.push({
      key: clock.subjectRef,
      payload: {
        kind: 'ORDER_CHANGED',
        changeType: 'EXPIRED',
        // The transition's own id: a subscriber de-duplicates a repeated delivery by it.
        eventId: jobId,
        orderId: clock.clockId,
        orderRef: clock.subjectRef,
        policeArea: clock.policeArea,
      },
    });
  }
  return out;
}

/**
 * Schedules the due transitions of every open clock — of one force when `policeArea` is given (after it
 * changed its lead times) — with the lead times that apply to each. Returns how many jobs were offered
 * (deterministic ids: what is scheduled already is kept once).
 */
export async function sweepClocks(
  dataSource: DataSource,
  queue: JobQueue,
  policy: ClockPolicy,
  policeArea: string | null,
): Promise<number> {
  const repo = new ClockRepository(dataSource);
  let after: string | null = null;
  let offered = 0;
  for (;;) {
    const page = await repo.openClocksAfter(after, SWEEP_PAGE, policeArea);
    if (page.length === 0) return offered;
    const now = policy.now();
    const forceLeads = await repo.forceLeads(page.map((c) => c.policeArea));
    const jobs = page.flatMap((clock) => clockJobsFor(clock, policy, forceLeads, now));
    await queue.schedule(dataSource, CLOCK_QUEUE, jobs);
    offered += jobs.length;
    after = page.at(-1)!.clockId;
  }
}
