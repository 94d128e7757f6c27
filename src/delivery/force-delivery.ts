import { type DataSource } from 'typeorm';
import { errorMessage } from '../common/errors';
import { deterministicUuid, newId } from '../common/ids';
import { type Logger } from '../common/logger';
import { hubRaisedAlert } from '../messaging/change-messages';
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
import { DeliveryRepository } from '../persistence/repositories/delivery.repository';
import { type DeliveryRecord, type EndpointRecord, type SendableEndpoint } from '../domain/delivery-records';
import { postWithClientCertificate } from './mutual-tls';
import { ProjectionRepository } from '../persistence/repositories/projection.repository';
import { lockStreams } from '../persistence/repositories/stream-locks';
import { ChangeRelay } from '../projection/change-relay';
import { forceSystemActor } from './force-system-actor';

/** Deliveries fetched at once; worked `concurrency` at a time. */
const BATCH = 50;
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
    this.relay = new ChangeRelay(dataSource, eventLog, topics.changes, `deliveries:${newId()}`, logger);
    this.random = options.random ?? Math.random;
  }

  async start(): Promise<void> {
    await this.queue.work<DeliveryJobData>(DELIVERY_QUEUE, (jobs) => this.attemptAll(jobs), {
      batchSize: BATCH,
    });
  }

  async stop(): Promise<void> {
    await this.queue.stop();
    await this.relay.flush();
  }

  /**
   * One batch of attempts, with its database work done per batch, not per delivery (one read of the
   * deliveries, one of their endpoints and keys, one release — and audit row — per endpoint and record
   * kind, one write of new payloads, one of what was delivered); the sends go out `concurrency` at a time,
   * so one slow receiver does not hold up the others. A send that fails is retried by the delivery's own
   * schedule; only a database failure fails the batch (pg-boss gives it back; what was settled is not sent
   * again).
   */
  async attemptAll(jobs: readonly DueJob<DeliveryJobData>[]): Promise<void> {
    const repo = new DeliveryRepository(this.dataSource);
    const found = await repo.deliveries(jobs.map((j) => j.data.deliveryId));
    // A job older than its delivery's attempts (a duplicate), or for a settled delivery, does nothing.
    const due = jobs.flatMap((job) => {
      const delivery = found.get(job.data.deliveryId);
      return delivery?.status === 'PENDING' && job.data.attempt === delivery.attempts + 1
        ? [{ job, delivery }]
        : [];
    });
    if (due.length === 0) return;
    const endpoints = await repo.endpointsWithKeys(due.map((d) => d.delivery.endpointId));
    const cancelled = due
      .filter((d) => !endpoints.has(d.delivery.endpointId))
      .map((d) => d.delivery.deliveryId);
    await repo.settleAll(cancelled, 'CANCELLED');
    const live = due.filter((d) => endpoints.has(d.delivery.endpointId));
    const built = await this.build(
      live.filter((d) => !d.delivery.payload).map((d) => d.delivery),
      endpoints,
    );
    await repo.savePayloads([...built].map(([deliveryId, payload]) => ({ deliveryId, payload })));
    const withheld: string[] = [];
    const sendable: { job: DueJob<DeliveryJobData>; delivery: DeliveryRecord; payload: DeliveredEvent }[] =
      [];
    for (const d of live) {
      const payload = (d.delivery.payload as DeliveredEvent | null) ?? built.get(d.delivery.deliveryId);
      if (payload) sendable.push({ ...d, payload });
      else withheld.push(d.delivery.deliveryId);
    }
    await repo.settleAll(withheld, 'WITHHELD');
    const delivered: string[] = [];
    const errors: unknown[] = [];
    const queue = [...sendable];
    const lane = async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        const endpoint = endpoints.get(next.delivery.endpointId)!;
        const body = JSON.stringify(next.payload);
        try {
          await this.send(endpoint, next.delivery, body);
          delivered.push(next.delivery.deliveryId);
        } catch (err) {
          await this.failed(next.delivery, endpoint, body, errorMessage(err), next.job.id).catch(
            (e: unknown) => errors.push(e),
          );
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.options.concurrency, sendable.length) }, lane));
    await repo.settleAll(delivered, 'DELIVERED');
    if (errors.length > 0) throw errors[0];
  }

  /**
   * The payloads of deliveries not built yet, as each force's system may see them: released per endpoint
   * (its actor) in one call per record kind. A delivery missing from the result is withheld.
   */
  private async build(
    deliveries: readonly DeliveryRecord[],
    endpoints: ReadonlyMap<string, EndpointRecord>,
  ): Promise<Map<string, DeliveredEvent>> {
    const built = new Map<string, DeliveredEvent>();
    const byEndpoint = new Map<string, DeliveryRecord[]>();
    for (const d of deliveries) byEndpoint.set(d.endpointId, [...(byEndpoint.get(d.endpointId) ?? []), d]);
    for (const [endpointId, group] of byEndpoint) {
      const endpoint = endpoints.get(endpointId)!;
      const actor = forceSystemActor(endpoint.policeArea, `delivery-endpoint:${endpoint.endpointId}`);
      const orderIds = group.flatMap((d) => (d.change.kind === 'ORDER_CHANGED' ? [d.change.orderId] : []));
      const alertIds = group.flatMap((d) => (d.change.kind === 'ALERT_RAISED' ? [d.change.alertId] : []));
      const orders = new Map(
        (orderIds.length ? await this.lookup.releaseOrders(actor, 'forceDelivery', orderIds) : []).map(
          (o) => [o.orderId, o],
        ),
      );
      const alerts = new Map(
        (alertIds.length ? await this.cases.releaseAlerts(actor, 'forceDelivery', alertIds) : []).map((a) => [
          a.alertId,
          a,
        ]),
      );
      for (const d of group) {
        const change = d.change;
        let type: string;
        let data: object | null = null;
        if (change.kind === 'ORDER_CHANGED') {
          type = 'uk.shieldline.delivery.order.changed.v1';
          const order = orders.get(change.orderId);
          if (order)
            data = { changeType: change.changeType, eventId: change.eventId, order: withoutLabels(order) };
        } else if (change.kind === 'ALERT_RAISED') {
          type = 'uk.shieldline.delivery.alert.raised.v1';
          const alert = alerts.get(change.alertId);
          if (alert) data = { alert: withoutLabels(alert) };
        } else continue;
        if (!data) continue;
        built.set(d.deliveryId, {
          specversion: '1.0',
          id: d.deliveryId,
          source: 'urn:shieldline:hub',
          type,
          subject: d.subjectRef,
          time: d.createdAt.toISOString(),
          datacontenttype: 'application/json',
          data,
        });
      }
    }
    return built;
  }

  private async send(endpoint: SendableEndpoint, delivery: DeliveryRecord, body: string): Promise<void> {
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
    const keys = endpoint.keys;
    const timestamp = Math.floor(Date.now() / 1000);
    const headers = {
      'content-type': 'application/cloudevents+json',
      [IDEMPOTENCY_HEADER]: delivery.deliveryId,
      [TIMESTAMP_HEADER]: String(timestamp),
      [SIGNATURE_HEADER]: signatureHeader(body, timestamp, keys),
    };
    const timeoutMs = endpoint.timeoutMs ?? this.options.timeoutMs;
    let status: number;
    if (endpoint.tls) {
      status = await postWithClientCertificate(
        endpoint.endpointId,
        endpoint.url!,
        endpoint.tls,
        headers,
        body,
        timeoutMs,
      );
    } else {
      const response = await fetch(endpoint.url!, {
        method: 'POST',
        headers,
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      });
      // The body is read (and dropped) so the connection can be reused.
      await response.arrayBuffer().catch(() => undefined);
      status = response.status;
    }
    if (status < 200 || status > 299) throw new Error(`HTTP ${status}`);
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
      // Under the stream's lock: a fold of the same stream keeps the failure's alert, not races it.
      await lockStreams(db, [delivery.streamKey]);
      const repo = new DeliveryRepository(db);
      const attempts = await repo.recordFailure(delivery.deliveryId, error);
      if (attempts < endpoint.maxAttempts) {
        const wait = retryDelayMs(
          attempts,
          endpoint.retryBaseMs ?? this.options.retryBaseMs,
          endpoint.retryMaxMs ?? this.options.retryMaxMs,
          this.random,
        );
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
          payload: hubRaisedAlert({
            alertId,
            alertKind: 'DELIVERY_FAILED',
            policeArea: delivery.policeArea,
            streamKey: failed.streamKey,
            message: failed.message,
            raisedBy: failed.raisedBy,
            raisedAt: failed.failedAt,
          }),
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

function withoutLabels<T extends { access: unknown }>(record: T): Omit<T, 'access'> {
  const { access: _access, ...rest } = record;
  return rest;
}
