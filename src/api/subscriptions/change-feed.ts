import { errorMessage } from '../../common/errors';
import { type Logger } from '../../common/logger';
import { type ConsumerHandle, type EventLog } from '../../messaging/event-log.port';
import { type OfficerLookupService } from '../../domain/officer-lookup.service';
import { type OrderRecord, type TimelineEntryRecord } from '../../domain/read-records';
import { type CaseLookupService } from '../../domain/case-lookup.service';
import { type AlertRecord, type DeadlineRecord } from '../../domain/read-records';
import {
  type AlertRaisedMessage,
  type CaseEventMessage,
  type ChangeMessage,
  type DeadlineChangedMessage,
  type OrderChangeMessage,
} from '../../messaging/change-messages';
import { BoundedPubSub } from './bounded-pub-sub';
import { NO_TELEMETRY, secondsSince, type Telemetry } from '../../common/telemetry';
import { RECEIVED_AT_HEADER, SOURCE_HEADER } from '../../messaging/envelope';
import { contextFrom, startSpan } from '../../common/tracing';

export const ORDER_CHANGED = 'ORDER_CHANGED';
export const ALERT_RAISED = 'ALERT_RAISED';
export const CASE_EVENT = 'CASE_EVENT';
export const DEADLINE_CHANGED = 'DEADLINE_CHANGED';

export interface OrderChangedDelivery {
  changeType: string;
  eventId: string;
  /** Loaded once per change for every subscriber; each subscriber's resolver audits its own read. */
  order: OrderRecord;
}

/** An alert as loaded (with its labels) once per change for every subscriber. */
export interface AlertDelivery {
  alert: AlertRecord;
}

/** A clock's transition, with the clock as loaded (with its labels) once for every subscriber. */
export interface DeadlineDelivery {
  change: DeadlineChangedMessage['change'];
  at: string;
  deadline: DeadlineRecord;
}

/** A case timeline entry as loaded (with its labels) once per change for every subscriber. */
export interface CaseEventDelivery {
  entry: TimelineEntryRecord;
}

/** Routing inside one replica, keyed by police area. It is fed only from the change-feed topic. */
export type GatewayPubSub = BoundedPubSub;

export function createGatewayPubSub(telemetry: Telemetry = NO_TELEMETRY, maxQueued = 10_000): GatewayPubSub {
  return new BoundedPubSub(maxQueued, telemetry);
}

/**
 * Every gateway replica reads the whole change-feed topic in its own consumer group (group id includes the
 * instance id), from "now": so each replica sees every change, and no in-memory pub/sub is ever the
 * source of truth — the projection that was committed is.
 */
export class ChangeFeed {
  private consumer: ConsumerHandle | null = null;

  constructor(
    private readonly eventLog: EventLog,
    private readonly topic: string,
    private readonly groupId: string,
    private readonly pubSub: GatewayPubSub,
    private readonly lookup: OfficerLookupService,
    private readonly cases: CaseLookupService,
    private readonly logger: Logger,
    private readonly telemetry: Telemetry = NO_TELEMETRY,
  ) {}

  async start(): Promise<void> {
    this.consumer = await this.eventLog.startConsumer({
      groupId: this.groupId,
      topics: [this.topic],
      fromBeginning: false,
      // Deliver a change as soon as it arrives, and let an idle fetch wait long: a 5 ms wait for 64 KiB
      // meant every change waited 5 ms and an idle gateway polled the broker 200 times a second.
      minBatchBytes: 1,
      maxBatchWaitMs: 500,
      handleBatch: async (batch) => {
        const changes: OrderChangeMessage[] = [];
        const alerts: AlertRaisedMessage[] = [];
        const caseEvents: CaseEventMessage[] = [];
        const clocks: DeadlineChangedMessage[] = [];
        // When and through which connector each change's cause was accepted (end-to-end lag).
        const causes = new Map<ChangeMessage, Readonly<Record<string, string>>>();
        for (const message of batch.messages) {
          try {
            const change = JSON.parse(message.value.toString('utf8')) as ChangeMessage;
            if (message.headers) causes.set(change, message.headers);
            if (change.kind === 'ORDER_CHANGED' && change.policeArea) changes.push(change);
            if (change.kind === 'ALERT_RAISED' && change.policeArea) alerts.push(change);
            if (change.kind === 'CASE_EVENT') caseEvents.push(change);
            if (change.kind === 'DEADLINE_CHANGED' && change.policeArea) clocks.push(change);
          } catch (err) {
            this.logger.warn('unreadable change-feed message skipped', {
              offset: message.offset,
              error: errorMessage(err),
            });
          }
        }
        if (this.pubSub.subscriberCount() === 0) return;
        const delivered = (change: ChangeMessage, reached: number) => {
          if (reached === 0) return;
          const cause = causes.get(change);
          // The hand-over to this replica's subscribers closes the record's trace (ingest → projection).
          startSpan(`deliver ${change.kind}`, contextFrom(cause), {
            'shieldline.subscribers': reached,
          }).end();
          const seconds = secondsSince(cause?.[RECEIVED_AT_HEADER]);
          if (seconds !== null)
            this.telemetry.stageReached(cause![SOURCE_HEADER] ?? 'other', 'delivered', seconds);
        };
        // What a message announces is loaded from the projection with its labels, so each subscriber's
        // delivery is decided from the record, never from the message alone.
        if (caseEvents.length > 0) {
          const entries = await this.lookup.loadAnnouncedEntries(
            caseEvents.map((e) => ({ aggregate: `case:${e.caseUrn}`, eventId: e.eventId })),
          );
          for (const event of caseEvents) {
            const entry = entries.get(`case:${event.caseUrn}\u0000${event.eventId}`);
            if (entry) delivered(event, this.pubSub.publish(CASE_EVENT, `case:${event.caseUrn}`, { entry }));
          }
        }
        if (alerts.length > 0) {
          const loaded = await this.cases.loadAnnouncedAlerts(alerts.map((a) => a.alertId));
          for (const message of alerts) {
            const alert = loaded.get(message.alertId);
            if (!alert) continue;
            const delivery: AlertDelivery = { alert };
            let reached = this.pubSub.publish(
              ALERT_RAISED,
              message.policeArea!.trim().toUpperCase(),
              delivery,
            );
            // Case-scoped subscribers (alerts raised on the case stream itself).
            if (message.subjectRef.startsWith('case:'))
              reached += this.pubSub.publish(ALERT_RAISED, message.subjectRef, delivery);
            delivered(message, reached);
          }
        }
        if (clocks.length > 0) {
          const loaded = await this.cases.loadAnnouncedDeadlines(clocks.map((c) => c.deadlineId));
          for (const message of clocks) {
            const deadline = loaded.get(message.deadlineId);
            if (!deadline) continue;
            const delivery: DeadlineDelivery = { change: message.change, at: message.at, deadline };
            delivered(
              message,
              this.pubSub.publish(DEADLINE_CHANGED, message.policeArea!.trim().toUpperCase(), delivery),
            );
          }
        }
        if (changes.length === 0) return;
        const orders = await this.lookup.loadAnnouncedOrders(changes.map((c) => c.orderId));
        for (const change of changes) {
          const order = orders.get(change.orderId);
          if (!order) continue;
          const delivery: OrderChangedDelivery = {
            changeType: change.changeType,
            eventId: change.eventId,
            order,
          };
          let reached = 0;
          if (change.policeArea)
            reached += this.pubSub.publish(ORDER_CHANGED, change.policeArea.trim().toUpperCase(), delivery);
          // Person-scoped subscribers: the respondent's and each protected person's.
          for (const personId of new Set([order.respondentId, ...order.protectedIds])) {
            reached += this.pubSub.publish(ORDER_CHANGED, `person:${personId}`, delivery);
          }
          delivered(change, reached);
        }
      },
    });
    await this.consumer.ready;
  }

  async stop(): Promise<void> {
    await this.consumer?.stop();
    this.consumer = null;
  }
}
