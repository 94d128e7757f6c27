import { type DataSource } from 'typeorm';
import { errorMessage, ShieldlineError } from '../common/errors';
import { deterministicUuid, newId } from '../common/ids';
import { type Logger } from '../common/logger';
import { NO_TELEMETRY, type Telemetry } from '../common/telemetry';
import { hubRaisedAlert } from '../messaging/change-messages';
import { nextContactableInstant, renderMessage } from '../domain/rules/victim-messages';
import { type EventLog } from '../messaging/event-log.port';
import { type Topics } from '../messaging/topics';
import {
  type DueJob,
  type JobQueue,
  VICTIM_QUEUE,
  victimAttemptJob,
  type VictimJobData,
} from '../persistence/job-queue';
import { ProjectionRepository } from '../persistence/repositories/projection.repository';
import { lockStreams } from '../persistence/repositories/stream-locks';
import { VictimNotificationRepository } from '../persistence/repositories/victim-notification.repository';
import { type NotificationToSend } from '../domain/victim-records';
import { ChangeRelay } from '../projection/change-relay';
import { type AccessStep } from '../security/access-step';
import { type Actor } from '../security/actor';
import { type MessageSender } from './notify-client';
import { retryDelayMs } from './signing';

const BATCH = 20;
/** What a message says to call when the force has set no line of its own: the police non-emergency number. */
export const DEFAULT_CONTACT_NUMBER = '101';

/** The hub's sender, to the access step and in the audit chain (a hub-only role: no token carries it). */
export const VICTIM_NOTIFIER: Actor = {
  subject: 'hub:victim-notification',
  agency: 'other',
  purpose: 'safeguarding',
  purposes: ['safeguarding'],
  roles: ['victim-notifier'],
  area: null,
  tokenId: null,
  expiresAt: Number.MAX_SAFE_INTEGER,
};

export interface VictimNotificationOptions {
  /** Attempts before the hub gives up (FAILED, alerted to the force). */
  maxAttempts: number;
  retryBaseMs: number;
  retryMaxMs: number;
  now?: () => Date;
  random?: () => number;
}

/**
 * Sends the notifications the projector and the clocks created (one per consent and occurrence). Each
 * attempt: the consent is read again — withdrawn, nothing is sent (CANCELLED); inside a window the person
 * asked not to be contacted in, the attempt waits for its end — then the notification is released by the
 * access step to the hub's sender (audited), its text rendered from the hub's channel-safe words and
 * handed to GOV.UK Notify with the notification id as reference. Before a retry the hub asks Notify
 * whether the last attempt landed after all, so a timeout does not send twice. A retriable failure is
 * tried again with backoff and jitter; a rejection, or the last attempt, is FAILED with an alert on the
 * force's board, so someone reaches the person another way. Notify's status callbacks follow
 * (notify-status-route.ts).
 */
export class VictimNotificationWorker {
  private readonly relay: ChangeRelay;
  private readonly now: () => Date;
  private readonly random: () => number;

  constructor(
    private readonly dataSource: DataSource,
    private readonly queue: JobQueue,
    eventLog: EventLog,
    private readonly topics: Topics,
    private readonly sender: MessageSender,
    private readonly access: AccessStep,
    private readonly logger: Logger,
    private readonly options: VictimNotificationOptions,
    private readonly telemetry: Telemetry = NO_TELEMETRY,
  ) {
    this.relay = new ChangeRelay(
      dataSource,
      eventLog,
      topics.changes,
      `victim-notifications:${newId()}`,
      logger,
    );
    this.now = options.now ?? (() => new Date());
    this.random = options.random ?? Math.random;
  }

  async start(): Promise<void> {
    await this.queue.work<VictimJobData>(VICTIM_QUEUE, (jobs) => this.sendAll(jobs), { batchSize: BATCH });
  }

  async stop(): Promise<void> {
    await this.queue.stop();
    await this.relay.flush();
  }

  /** One batch; only a database failure fails it (pg-boss gives it back; what was settled is not re-sent). */
  async sendAll(jobs: readonly DueJob<VictimJobData>[]): Promise<void> {
    const repo = new VictimNotificationRepository(this.dataSource);
    const found = await repo.toSend(jobs.map((j) => j.data.notificationId));
    for (const job of jobs) {
      const notification = found.get(job.data.notificationId);
      // A duplicate job, or one for a notification already settled, does nothing.
      if (notification?.status !== 'PENDING' || job.data.attempt !== notification.attempts + 1) continue;
      await this.attempt(repo, notification, job.data.attempt);
    }
  }

  private async attempt(
    repo: VictimNotificationRepository,
    notification: NotificationToSend,
    attempt: number,
  ): Promise<void> {
    const { consent } = notification;
    if (consent.withdrawnAt) {
      await repo.settle(notification.notificationId, 'CANCELLED', 'consent withdrawn');
      return;
    }
    const now = this.now();
    const contactable = nextContactableInstant(now, consent.quietHours);
    if (contactable.getTime() > now.getTime()) {
      await this.queue.schedule(this.dataSource, VICTIM_QUEUE, [
        victimAttemptJob(notification.notificationId, attempt, contactable),
      ]);
      return;
    }
    const [released] = await this.access.release(VICTIM_NOTIFIER, 'victimNotification', [notification]);
    if (!released) {
      await repo.settle(notification.notificationId, 'CANCELLED', 'withheld by the access policy');
      return;
    }
    const message = renderMessage(notification.kind, consent.detail, consent.doNotLeaveMessages, {
      occurredAt: notification.occurredAt,
      contactNumber: notification.contactNumber ?? DEFAULT_CONTACT_NUMBER,
      reference: shortReference(notification.notificationId),
    });
    try {
      // Every attempt asks first: an earlier one may have reached Notify and lost its answer.
      const landed = await this.sender.findByReference(notification.notificationId);
      const notifyId =
        landed ??
        (
          await this.sender.send({
            channel: consent.channel,
            contact: consent.contact,
            subject: message.subject,
            body: message.body,
            reference: notification.notificationId,
          })
        ).notifyId;
      await repo.settle(notification.notificationId, 'SENDING', 'handed to GOV.UK Notify', {
        notifyId,
        attempts: attempt,
      });
      this.telemetry.victimNotificationSent('sent', seconds(notification.createdAt, this.now()));
    } catch (err) {
      await this.failed(notification, err);
    }
  }

  private async failed(notification: NotificationToSend, err: unknown): Promise<void> {
    const retriable = !(err instanceof ShieldlineError) || err.retriable;
    const error = errorMessage(err);
    let gaveUp = false;
    await this.dataSource.transaction(async (db) => {
      // Under the stream's lock: a fold of the same stream keeps the failure's alert, not races it.
      await lockStreams(db, [notification.streamKey]);
      const repo = new VictimNotificationRepository(db);
      const attempts = await repo.recordFailure(notification.notificationId, error);
      if (attempts === 0) return;
      if (retriable && attempts < this.options.maxAttempts) {
        const wait = retryDelayMs(attempts, this.options.retryBaseMs, this.options.retryMaxMs, this.random);
        await this.queue.schedule(db, VICTIM_QUEUE, [
          victimAttemptJob(notification.notificationId, attempts + 1, new Date(this.now().getTime() + wait)),
        ]);
        return;
      }
      const alertId = deterministicUuid('victim-notification-failed', notification.notificationId);
      const failed = await repo.markFailed(notification.notificationId, alertId, error);
      if (!failed) return;
      gaveUp = true;
      await new ProjectionRepository(db, this.queue).enqueueChanges(this.topics.changes, [
        {
          key: notification.subjectRef,
          payload: hubRaisedAlert({
            alertId,
            alertKind: 'VICTIM_NOTIFICATION_FAILED',
            policeArea: failed.policeArea,
            streamKey: failed.streamKey,
            message: failed.message,
            raisedBy: failed.raisedBy,
            raisedAt: failed.failedAt,
          }),
        },
      ]);
    });
    if (gaveUp) {
      this.telemetry.victimNotificationSent('failed', seconds(notification.createdAt, this.now()));
      this.logger.warn('a victim notification could not be sent; alerted to the force', {
        notification: notification.notificationId,
        policeArea: notification.policeArea,
        retriable,
      });
      void this.relay.flush();
    }
  }
}

/** What a person quotes when they call: the first 8 characters of the notification id, upper case. */
export function shortReference(notificationId: string): string {
  return notificationId.replaceAll('-', '').slice(0, 8).toUpperCase();
}

function seconds(from: Date, to: Date): number {
  return (to.getTime() - from.getTime()) / 1000;
}
