import { type DataSource } from 'typeorm';
import { errorMessage } from '../common/errors';
import { deterministicUuid, newId } from '../common/ids';
import { type Logger } from '../common/logger';
import { type CaseLookupService } from '../domain/case-lookup.service';
import { type OfficerLookupService } from '../domain/officer-lookup.service';
import { type EventLog } from '../messaging/event-log.port';
import { type Topics } from '../messaging/topics';
import {
  DELIVERY_QUEUE,
  deliveryAttemptJob,
  type DeliveryJobData,
  type DueJob,
  type JobQueue,
} from '../persistence/job-queue';
import {
  type DeliveryRecord,
  DeliveryRepository,
  type EndpointRecord,
} from '../persistence/repositories/delivery.repository';
import { ProjectionRepository } from '../persistence/repositories/projection.repository';
import { ChangeRelay } from '../projection/change-relay';
import { type Actor } from '../security/actor';
import {
  IDEMPOTENCY_HEADER,
  retryDelayMs,
  SIGNATURE_HEADER,
  signatureHeader,
  TIMESTAMP_HEADER,
} from './signing';

export interface DeliveryOptions {
  /** First retry waits up to this (full jitter), doubling per attempt up to retryMaxMs. */
  retryBaseMs: number;
  retryMaxMs: number;
  /** A receiver that has not answered by then counts as a failed attempt. */
  timeoutMs: number;
  /** Deliveries in flight at once (each endpoint's retries are independent). */
  concurrency: number;
  random?: () => number;
}

/** The CloudEvent a force receives (`data`: the record as the force may see it, redacted). */
export interface DeliveredEvent {
  specversion: '1.0';
  id: string;
  source: 'urn:shieldline:hub';
  type: string;
  subject: string;
  time: string;
  datacontenttype: 'application/json';
  data: object;
}

/**
 * Works deliveries to force systems (the projector, the clocks and the acknowledgement watch create
 * them with the announcements they belong to). Each attempt: the payload is built once — the record
 * released by the access step to the force's system as a control room of that area would see it
 * (redacted, audited; a record the force may not see is WITHHELD and nothing is sent) — then sent
 * signed, with the delivery id as idempotency key. A 2xx settles it; anything else is retried with
 * exponential backoff and full jitter until the endpoint's attempts run out, then it is FAILED: a dead
 * letter holding the bytes and a DELIVERY_FAILED alert on the area's board.
 */
export class ForceDeliveryWorker {
  private readonly relay: ChangeRelay;
  private readonly random: () => number;

  constructor(
    private readonly dataSource: DataSource,
    private readonly queue: JobQueue,
    private readonly eventLog: EventLog,
    private readonly topics: Topics,
    private readonly lookup: OfficerLookupService,
    private readonly cases: CaseLookupService,
    private readonly logger: Logger,
    private readonly options: DeliveryOptions,
  ) {
    this.relay = new ChangeRelay(dataSource, eventLog, `deliveries:${newId()}`, logger);
    this.random = options.random ?? Math.random;
  }

  async start(): Promise<void> {
    // One job per batch, several workers: one slow receiver does not hold up the others' deliveries.
    for (let i = 0; i < this.options.concurrency; i++)
      await this.queue.work<DeliveryJobData>(DELIVERY_QUEUE, (jobs) => this.attemptAll(jobs), {
        batchSize: 1,
      });
  }

  async stop(): Promise<void> {
    await this.queue.stop();
    await this.relay.flush();
  }

  private async attemptAll(jobs: readonly DueJob<DeliveryJobData>[]): Promise<void> {
    for (const job of jobs) await this.attempt(job);
  }

  async attempt(job: DueJob<DeliveryJobData>): Promise<void> {
    const repo = new DeliveryRepository(this.dataSource);
    const delivery = await repo.delivery(job.data.deliveryId);
    if (!delivery || delivery.status !== 'PENDING') return;
    // A job older than the delivery's attempts (a duplicate) does nothing.
    if (job.data.attempt !== delivery.attempts + 1) return;
    const endpoint = await repo.endpoint(delivery.endpointId);
    if (!endpoint) return repo.settle(delivery.deliveryId, 'CANCELLED');
    const payload = (delivery.payload as DeliveredEvent | null) ?? (await this.build(delivery, endpoint));
    if (!payload) return repo.settle(delivery.deliveryId, 'WITHHELD');
    if (!delivery.payload) await repo.savePayload(delivery.deliveryId, payload);
    const body = JSON.stringify(payload);
    try {
      await this.send(endpoint, delivery, body);
      await repo.settle(delivery.deliveryId, 'DELIVERED');
    } catch (err) {
      await this.failed(delivery, endpoint, body, errorMessage(err), job.id);
    }
  }

  /** The payload as the force's system may see it; null when it may not see the record at all. */
  private async build(delivery: DeliveryRecord, endpoint: EndpointRecord): Promise<DeliveredEvent | null> {
    const actor = forceSystemActor(endpoint);
    const change = delivery.change;
    let data: object | null = null;
    let type: string;
    if (change.kind === 'ORDER_CHANGED') {
      type = 'uk.shieldline.delivery.order.changed.v1';
      const [order] = await this.lookup.releaseOrders(actor, 'forceDelivery', [change.orderId]);
      if (order)
        data = { changeType: change.changeType, eventId: change.eventId, order: withoutLabels(order) };
    } else if (change.kind === 'ALERT_RAISED') {
      type = 'uk.shieldline.delivery.alert.raised.v1';
      const loaded = (await this.cases.loadAnnouncedAlerts([change.alertId])).get(change.alertId);
      const alert = loaded ? await this.cases.deliverAlert(actor, loaded) : null;
      if (alert) data = { alert: withoutLabels(alert) };
    } else return null;
    if (!data) return null;
    return {
      specversion: '1.0',
      id: delivery.deliveryId,
      source: 'urn:shieldline:hub',
      type,
      subject: delivery.subjectRef,
      time: delivery.createdAt.toISOString(),
      datacontenttype: 'application/json',
      data,
    };
  }

  private async send(endpoint: EndpointRecord, delivery: DeliveryRecord, body: string): Promise<void> {
    if (endpoint.kind === 'LOG_TOPIC') {
      await this.eventLog.ensureTopics([endpoint.topic!]);
      await this.eventLog.publish(endpoint.topic!, [
        {
          key: delivery.subjectRef,
          value: Buffer.from(body, 'utf8'),
          headers: { [IDEMPOTENCY_HEADER]: delivery.deliveryId },
        },
      ]);
      return;
    }
    const keys = await new DeliveryRepository(this.dataSource).signingKeys(endpoint.endpointId);
    const timestamp = Math.floor(Date.now() / 1000);
    const response = await fetch(endpoint.url!, {
      method: 'POST',
      headers: {
        'content-type': 'application/cloudevents+json',
        [IDEMPOTENCY_HEADER]: delivery.deliveryId,
        [TIMESTAMP_HEADER]: String(timestamp),
        [SIGNATURE_HEADER]: signatureHeader(body, timestamp, keys),
      },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(this.options.timeoutMs),
    });
    // The body is read (and dropped) so the connection can be reused.
    await response.arrayBuffer().catch(() => undefined);
    if (response.status < 200 || response.status > 299) throw new Error(`HTTP ${response.status}`);
  }

  private async failed(
    delivery: DeliveryRecord,
    endpoint: EndpointRecord,
    body: string,
    error: string,
    jobId: string,
  ): Promise<void> {
    let gaveUp = false;
    await this.dataSource.transaction(async (db) => {
      const repo = new DeliveryRepository(db);
      const attempts = await repo.recordFailure(delivery.deliveryId, error);
      if (attempts < endpoint.maxAttempts) {
        const wait = retryDelayMs(attempts, this.options.retryBaseMs, this.options.retryMaxMs, this.random);
        await this.queue.schedule(db, DELIVERY_QUEUE, [
          deliveryAttemptJob(delivery.deliveryId, attempts + 1, new Date(Date.now() + wait)),
        ]);
        return;
      }
      const alertId = deterministicUuid('delivery-failed', delivery.deliveryId, jobId);
      const failed = await repo.markFailed(delivery.deliveryId, alertId);
      if (!failed) return;
      gaveUp = true;
      const projection = new ProjectionRepository(db, this.queue);
      // Nothing lost: the bytes the force did not take are kept for an operator, like any rejected record.
      await projection.recordDeadLetters([
        {
          deadLetterId: deterministicUuid('delivery-dead-letter', delivery.deliveryId, jobId),
          connector: 'force-delivery',
          reasonCode: 'DELIVERY_FAILED',
          message: `delivery ${delivery.deliveryId} to endpoint ${endpoint.endpointId} (${endpoint.policeArea}) failed after ${attempts} attempts: ${error}`,
          problems: [],
          contentType: 'application/cloudevents+json',
          originalBytes: Buffer.from(body, 'utf8'),
          truncated: false,
          receivedAt: new Date().toISOString(),
        },
      ]);
      await projection.enqueueChanges(this.topics.changes, [
        {
          key: delivery.subjectRef,
          payload: {
            kind: 'ALERT_RAISED',
            alertId,
            alertKind: 'DELIVERY_FAILED',
            policeArea: delivery.policeArea,
            subjectRef: failed.streamKey,
            message: failed.message,
            citation: null,
            raisedBy: failed.raisedBy,
            raisedAt: failed.failedAt.toISOString(),
          },
        },
      ]);
    });
    if (gaveUp) {
      this.logger.warn('delivery to a force system failed for good; dead-lettered and alerted', {
        endpoint: endpoint.endpointId,
        policeArea: endpoint.policeArea,
        attempts: endpoint.maxAttempts,
      });
      void this.relay.flush();
    }
  }
}

/**
 * Who a force's system is to the access step: that force's control room, for enforcement — it receives
 * what an officer of the force would be shown, never more (a police-perpetrated abuse case's record is
 * withheld from the accused force).
 */
function forceSystemActor(endpoint: EndpointRecord): Actor {
  return {
    subject: `delivery-endpoint:${endpoint.endpointId}`,
    agency: 'police',
    purpose: 'enforcement',
    purposes: ['enforcement'],
    roles: ['control-room'],
    area: endpoint.policeArea,
    tokenId: null,
    expiresAt: Number.MAX_SAFE_INTEGER,
  };
}

function withoutLabels<T extends { access: unknown }>(record: T): Omit<T, 'access'> {
  const { access: _access, ...rest } = record;
  return rest;
}
