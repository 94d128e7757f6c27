import { type DataSource } from 'typeorm';
import { deterministicUuid, newId } from '../common/ids';
import { type Logger } from '../common/logger';
import { NO_TELEMETRY, type Telemetry } from '../common/telemetry';
import { type ChangeMessage, hubRaisedAlert } from '../messaging/change-messages';
import { type EventLog } from '../messaging/event-log.port';
import { type Topics } from '../messaging/topics';
import { ACK_QUEUE, type DueJob, type JobQueue } from '../persistence/job-queue';
import {
  AcknowledgementRepository,
  type WatchState,
} from '../persistence/repositories/acknowledgement.repository';
import { ProjectionRepository } from '../persistence/repositories/projection.repository';
import { ChangeRelay } from './change-relay';
import { acknowledgementJob, type AcknowledgementJobData } from './timer-jobs';

const BATCH = 50;

/**
 * An order announced to its force waits for a person there to acknowledge it (`acknowledgeOrder`). The
 * projector records the announcement and times the first check by the force's setting (default 15
 * minutes, the VINE anchor); this works the checks. Not acknowledged by then, and still live, the order
 * escalates: an `ORDER_NOT_ACKNOWLEDGED` alert to the force's control room (the area's `alertRaised`),
 * recorded on the order as an escalation step, and the next check `escalateEvery` later — until someone
 * acknowledges it or the order ends. Each step is once-only (order_escalation's key), whatever the queue
 * retries or however many replicas run; its instant is computed from the notification, so a retried job
 * schedules the same next step.
 */
export class AcknowledgementWatch {
  private readonly relay: ChangeRelay;

  constructor(
    private readonly dataSource: DataSource,
    private readonly queue: JobQueue,
    eventLog: EventLog,
    private readonly topics: Topics,
    logger: Logger,
    private readonly telemetry: Telemetry = NO_TELEMETRY,
  ) {
    this.relay = new ChangeRelay(dataSource, eventLog, topics.changes, `acknowledgements:${newId()}`, logger);
  }

  async start(): Promise<void> {
    await this.queue.work<AcknowledgementJobData>(ACK_QUEUE, (jobs) => this.check(jobs), {
      batchSize: BATCH,
    });
  }

  async stop(): Promise<void> {
    await this.queue.stop();
    await this.relay.flush();
  }

  async check(jobs: readonly DueJob<AcknowledgementJobData>[]): Promise<void> {
    let escalated = 0;
    await this.dataSource.transaction(async (db) => {
      const repo = new AcknowledgementRepository(db);
      const orderIds = jobs.map((j) => j.data.orderId);
      const seen = await repo.watchState(orderIds);
      // Under the order streams' locks, so a fold that ends the order commits before or after, not during.
      await repo.lockStreams([...new Set([...seen.values()].map((s) => s.streamKey))]);
      const states = await repo.watchState(orderIds);
      const changes: { key: string; payload: ChangeMessage }[] = [];
      const next = [];
      for (const job of jobs) {
        const state = states.get(job.data.orderId);
        if (!state || state.policeArea !== job.data.policeArea) continue;
        if (state.acknowledged || !state.live) continue;
        const step = job.data.step;
        const alertId = deterministicUuid(
          'order-not-acknowledged',
          state.orderId,
          state.policeArea,
          String(step),
        );
        const message = escalationMessage(state, step);
        const recorded = await repo.recordEscalation({
          orderId: state.orderId,
          policeArea: state.policeArea,
          step,
          alertId,
          streamKey: state.streamKey,
          message,
          subjectRef: state.orderRef,
          raisedBy: state.grantedEventId,
        });
        if (!recorded) continue;
        escalated += 1;
        // Timer accuracy: how long after its moment the escalation fired.
        this.telemetry.clockTransitionFired(
          'ESCALATION',
          (recorded.escalatedAt.getTime() - nextCheckAt(state, step).getTime()) / 1000,
        );
        changes.push({
          key: state.orderRef,
          payload: hubRaisedAlert({
            alertId,
            alertKind: 'ORDER_NOT_ACKNOWLEDGED',
            policeArea: state.policeArea,
            streamKey: state.streamKey,
            message,
            raisedBy: state.grantedEventId,
            raisedAt: recorded.escalatedAt,
          }),
        });
        next.push(
          acknowledgementJob(state.orderId, state.policeArea, step + 1, nextCheckAt(state, step + 1)),
        );
      }
      await new ProjectionRepository(db, this.queue).enqueueChanges(this.topics.changes, changes);
      await this.queue.schedule(db, ACK_QUEUE, next);
    });
    if (escalated > 0) void this.relay.flush();
  }
}

/** Step n's check: the acknowledgement time, then every escalation interval — from the notification. */
export function nextCheckAt(state: WatchState, step: number): Date {
  return new Date(
    state.notifiedAt.getTime() +
      state.acknowledgeWithinSeconds * 1000 +
      (step - 1) * state.escalateEverySeconds * 1000,
  );
}

function escalationMessage(state: WatchState, step: number): string {
  const waited = state.acknowledgeWithinSeconds + (step - 1) * state.escalateEverySeconds;
  const after = waited < 120 ? `${waited} s` : `${Math.round(waited / 60)} min`;
  return (
    `Order ${state.orderRef} notified to ${state.policeArea} at ${state.notifiedAt.toISOString()} ` +
    `is not acknowledged after ${after} (escalation ${step}): acknowledge it with acknowledgeOrder`
  );
}
