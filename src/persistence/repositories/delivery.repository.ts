import { type ChangeMessage } from '../../messaging/change-messages';
import {
  type DeliveryRecord,
  type DeliveryStatus,
  type EndpointKind,
  type EndpointRecord,
  type EndpointRetries,
  type EndpointRole,
  type EndpointTls,
  type NewDelivery,
  type NewEndpoint,
  type SendableEndpoint,
} from '../../domain/delivery-records';
import { type SqlRunner } from '../job-queue';

interface EndpointSqlRow {
  endpoint_id: string;
  police_area: string;
  kind: EndpointKind;
  url: string | null;
  topic: string | null;
  role: EndpointRole;
  max_attempts: number;
  retry_base_ms: number | null;
  retry_max_ms: number | null;
  timeout_ms: number | null;
  client_subject: string | null;
  pinned_ca: boolean;
  created_by: string;
  created_at: Date;
  key_ids: string[] | null;
}

const ENDPOINT_COLUMNS = `e.endpoint_id::text, e.police_area, e.kind, e.url, e.topic, e.role, e.max_attempts, e.retry_base_ms, e.retry_max_ms, e.timeout_ms,
  e.tls->>'clientCertificateSubject' AS client_subject, coalesce(e.tls ? 'caCertificate', false) AS pinned_ca,
  e.created_by, e.created_at,
  ARRAY(SELECT k.key_id FROM delivery_key k WHERE k.endpoint_id = e.endpoint_id AND k.retired_at IS NULL
        ORDER BY k.created_at DESC, k.key_id DESC) AS key_ids`;

interface DeliverySqlRow {
  delivery_id: string;
  endpoint_id: string;
  police_area: string;
  change: ChangeMessage;
  subject_ref: string;
  stream_key: string;
  raised_by: string | null;
  status: DeliveryStatus;
  payload: object | null;
  attempts: number;
  last_error: string | null;
  created_at: Date;
  delivered_at: Date | null;
  failed_at: Date | null;
}

const DELIVERY_COLUMNS = `delivery_id::text, endpoint_id::text, police_area, change, subject_ref, stream_key,
  raised_by::text, status, payload, attempts, last_error, created_at, delivered_at, failed_at`;

/** The DELIVERY_FAILED alert's text, from a delivery row (the worker's alert and a re-fold's agree). */
export const DELIVERY_FAILED_MESSAGE = `'Delivery to the force system (endpoint ' || endpoint_id::text ||
  ') failed after ' || attempts || ' attempts: ' || coalesce(last_error, 'no answer') ||
  '. Kept as a dead letter; replayDeliveries sends it again'`;

/**
 * SQL of delivery to force systems (src/delivery). An UPDATE … RETURNING is wrapped in a CTE: through
 * TypeORM a bare one answers `[rows, count]`, not rows.
 */
export class DeliveryRepository {
  constructor(private readonly db: SqlRunner) {}

  async registerEndpoint(e: NewEndpoint): Promise<EndpointRecord> {
    await this.db.query(
      `WITH endpoint AS (
         INSERT INTO delivery_endpoint (endpoint_id, police_area, kind, url, topic, role, max_attempts, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING endpoint_id)
       INSERT INTO delivery_key (endpoint_id, key_id, secret) SELECT endpoint_id, $9, $10 FROM endpoint`,
      [
        e.endpointId,
        e.policeArea,
        e.kind,
        e.url,
        e.topic,
        e.role,
        e.maxAttempts,
        e.createdBy,
        e.keyId,
        e.secret,
      ],
    );
    return (await this.endpoint(e.endpointId))!;
  }

  /** Sets (or with null removes) the endpoint's mutual TLS material. */
  async setTls(endpointId: string, tls: EndpointTls | null): Promise<EndpointRecord | null> {
    await this.db.query(
      `WITH u AS (
         UPDATE delivery_endpoint SET tls = $2::jsonb
         WHERE endpoint_id = $1 AND removed_at IS NULL AND kind = 'WEBHOOK' RETURNING endpoint_id)
       SELECT endpoint_id FROM u`,
      [endpointId, tls ? JSON.stringify(tls) : null],
    );
    return this.endpoint(endpointId);
  }

  /** Sets an endpoint's attempts, retry schedule and timeout (null: the deployment's). */
  async setRetries(endpointId: string, retries: EndpointRetries): Promise<EndpointRecord | null> {
    await this.db.query(
      `WITH u AS (
         UPDATE delivery_endpoint SET max_attempts = $2, retry_base_ms = $3, retry_max_ms = $4, timeout_ms = $5
         WHERE endpoint_id = $1 AND removed_at IS NULL RETURNING endpoint_id)
       SELECT endpoint_id FROM u`,
      [endpointId, retries.maxAttempts, retries.retryBaseMs, retries.retryMaxMs, retries.timeoutMs],
    );
    return this.endpoint(endpointId);
  }

  async endpoint(endpointId: string): Promise<EndpointRecord | null> {
    const rows = await this.db.query<EndpointSqlRow[]>(
      `SELECT ${ENDPOINT_COLUMNS} FROM delivery_endpoint e WHERE e.endpoint_id = $1 AND e.removed_at IS NULL`,
      [endpointId],
    );
    return rows[0] ? toEndpoint(rows[0]) : null;
  }

  async endpointsOfArea(policeArea: string): Promise<EndpointRecord[]> {
    const rows = await this.db.query<EndpointSqlRow[]>(
      `SELECT ${ENDPOINT_COLUMNS} FROM delivery_endpoint e
       WHERE e.police_area = $1 AND e.removed_at IS NULL ORDER BY e.created_at, e.endpoint_id`,
      [policeArea],
    );
    return rows.map(toEndpoint);
  }

  /** The endpoints that receive the areas' changes (one statement per batch). */
  async activeEndpointsFor(policeAreas: readonly string[]): Promise<EndpointRecord[]> {
    if (policeAreas.length === 0) return [];
    const rows = await this.db.query<EndpointSqlRow[]>(
      `SELECT ${ENDPOINT_COLUMNS} FROM delivery_endpoint e
       WHERE e.police_area = ANY($1::text[]) AND e.removed_at IS NULL`,
      [[...new Set(policeAreas)]],
    );
    return rows.map(toEndpoint);
  }

  async addKey(endpointId: string, keyId: string, secret: string): Promise<void> {
    await this.db.query(`INSERT INTO delivery_key (endpoint_id, key_id, secret) VALUES ($1, $2, $3)`, [
      endpointId,
      keyId,
      secret,
    ]);
  }

  /** Retires a key; false when it is the endpoint's last signing key (an endpoint always has one). */
  async retireKey(endpointId: string, keyId: string): Promise<boolean> {
    const rows = await this.db.query<{ key_id: string }[]>(
      `WITH retired AS (
         UPDATE delivery_key SET retired_at = now()
         WHERE endpoint_id = $1 AND key_id = $2 AND retired_at IS NULL
           AND (SELECT count(*) FROM delivery_key WHERE endpoint_id = $1 AND retired_at IS NULL) > 1
         RETURNING key_id)
       SELECT key_id FROM retired`,
      [endpointId, keyId],
    );
    return rows.length > 0;
  }

  async removeEndpoint(endpointId: string): Promise<boolean> {
    const rows = await this.db.query<{ endpoint_id: string }[]>(
      `WITH removed AS (
         UPDATE delivery_endpoint SET removed_at = now() WHERE endpoint_id = $1 AND removed_at IS NULL
         RETURNING endpoint_id)
       SELECT endpoint_id::text FROM removed`,
      [endpointId],
    );
    return rows.length > 0;
  }

  /** Records deliveries; returns the ids that are new (a re-announced change keeps its delivery). */
  async createDeliveries(rows: readonly NewDelivery[]): Promise<string[]> {
    if (rows.length === 0) return [];
    const sorted = [...rows].sort((a, b) => a.deliveryId.localeCompare(b.deliveryId));
    const inserted = await this.db.query<{ delivery_id: string }[]>(
      `INSERT INTO delivery (delivery_id, endpoint_id, police_area, change, subject_ref, stream_key, raised_by)
       SELECT * FROM json_to_recordset($1::json) AS t(delivery_id uuid, endpoint_id uuid, police_area text,
                                                      change jsonb, subject_ref text, stream_key text,
                                                      raised_by uuid)
       ON CONFLICT (delivery_id) DO NOTHING RETURNING delivery_id::text`,
      [
        JSON.stringify(
          sorted.map((r) => ({
            delivery_id: r.deliveryId,
            endpoint_id: r.endpointId,
            police_area: r.policeArea,
            change: r.change,
            subject_ref: r.subjectRef,
            stream_key: r.streamKey,
            raised_by: r.raisedBy,
          })),
        ),
      ],
    );
    return inserted.map((r) => r.delivery_id);
  }

  async deliveries(deliveryIds: readonly string[]): Promise<Map<string, DeliveryRecord>> {
    if (deliveryIds.length === 0) return new Map();
    const rows = await this.db.query<DeliverySqlRow[]>(
      `SELECT ${DELIVERY_COLUMNS} FROM delivery WHERE delivery_id = ANY($1::uuid[])`,
      [[...new Set(deliveryIds)]],
    );
    return new Map(rows.map((r) => [r.delivery_id, toDelivery(r)]));
  }

  /** Live endpoints by id, each with the keys that sign for it (newest first). */
  async endpointsWithKeys(endpointIds: readonly string[]): Promise<Map<string, SendableEndpoint>> {
    if (endpointIds.length === 0) return new Map();
    const rows = await this.db.query<
      (EndpointSqlRow & { keys: { keyId: string; secret: string }[]; tls: EndpointTls | null })[]
    >(
      `SELECT ${ENDPOINT_COLUMNS}, e.tls,
              coalesce((SELECT json_agg(json_build_object('keyId', k.key_id, 'secret', k.secret)
                                        ORDER BY k.created_at DESC, k.key_id DESC)
                        FROM delivery_key k WHERE k.endpoint_id = e.endpoint_id AND k.retired_at IS NULL),
                       '[]'::json) AS keys
       FROM delivery_endpoint e WHERE e.endpoint_id = ANY($1::uuid[]) AND e.removed_at IS NULL`,
      [[...new Set(endpointIds)]],
    );
    return new Map(rows.map((r) => [r.endpoint_id, { ...toEndpoint(r), keys: r.keys, tls: r.tls }]));
  }

  /** Stores each delivery's payload once (the first stands: every attempt sends the same bytes). */
  async savePayloads(payloads: readonly { deliveryId: string; payload: object }[]): Promise<void> {
    if (payloads.length === 0) return;
    await this.db.query(
      `UPDATE delivery d SET payload = p.payload
       FROM json_to_recordset($1::json) AS p(delivery_id uuid, payload jsonb)
       WHERE d.delivery_id = p.delivery_id AND d.payload IS NULL`,
      [JSON.stringify(payloads.map((p) => ({ delivery_id: p.deliveryId, payload: p.payload })))],
    );
  }

  /** Settles many deliveries at once (one statement). */
  async settleAll(
    deliveryIds: readonly string[],
    status: 'DELIVERED' | 'WITHHELD' | 'CANCELLED',
  ): Promise<void> {
    if (deliveryIds.length === 0) return;
    await this.db.query(
      `UPDATE delivery SET status = CASE WHEN status = 'DELIVERED' THEN status ELSE $2 END,
              attempts = attempts + CASE WHEN $2 = 'DELIVERED' AND status = 'PENDING' THEN 1 ELSE 0 END,
              delivered_at = CASE WHEN $2 = 'DELIVERED' AND status = 'PENDING' THEN now() ELSE delivered_at END,
              last_error = CASE WHEN $2 = 'DELIVERED' THEN NULL ELSE last_error END
       WHERE delivery_id = ANY($1::uuid[])`,
      [[...deliveryIds], status],
    );
  }

  /** Counts a failed attempt; returns the attempts made so far. */
  async recordFailure(deliveryId: string, error: string): Promise<number> {
    const [row] = await this.db.query<{ attempts: number }[]>(
      `WITH counted AS (
         UPDATE delivery SET attempts = attempts + 1, last_error = left($2, 1000) WHERE delivery_id = $1
         RETURNING attempts)
       SELECT attempts FROM counted`,
      [deliveryId, error],
    );
    return row?.attempts ?? 0;
  }

  /**
   * Marks a delivery failed for good and raises its DELIVERY_FAILED alert (one statement); null when it
   * was settled already.
   */
  async markFailed(
    deliveryId: string,
    alertId: string,
  ): Promise<{ message: string; failedAt: Date; streamKey: string; raisedBy: string } | null> {
    const rows = await this.db.query<
      { message: string; failed_at: Date; stream_key: string; raised_by: string }[]
    >(
      `WITH failed AS (
         UPDATE delivery SET status = 'FAILED', failed_at = now(), failure_alert_id = $2
         WHERE delivery_id = $1 AND status = 'PENDING' AND raised_by IS NOT NULL
         RETURNING *),
       alerted AS (
         INSERT INTO alert (alert_id, stream_key, kind, message, citation, police_area, subject_ref, raised_by,
                            raised_at)
         SELECT failure_alert_id, stream_key, 'DELIVERY_FAILED', ${DELIVERY_FAILED_MESSAGE}, NULL, police_area,
                subject_ref, raised_by, failed_at
         FROM failed ON CONFLICT (alert_id) DO NOTHING)
       SELECT ${DELIVERY_FAILED_MESSAGE} AS message, failed_at, stream_key, raised_by::text FROM failed`,
      [deliveryId, alertId],
    );
    const row = rows[0];
    return row
      ? {
          message: row.message,
          failedAt: new Date(row.failed_at),
          streamKey: row.stream_key,
          raisedBy: row.raised_by,
        }
      : null;
  }

  /** An endpoint's deliveries made since `since` (a replay), oldest first. */
  async deliveriesSince(endpointId: string, since: Date, limit: number): Promise<string[]> {
    const rows = await this.db.query<{ delivery_id: string }[]>(
      `SELECT delivery_id::text FROM delivery WHERE endpoint_id = $1 AND created_at >= $2
         AND status IN ('PENDING', 'DELIVERED', 'FAILED')
       ORDER BY created_at, delivery_id LIMIT $3`,
      [endpointId, since, limit],
    );
    return rows.map((r) => r.delivery_id);
  }

  /** Re-opens deliveries for a replay (attempts start again; the idempotency key stays). */
  async reopen(deliveryIds: readonly string[]): Promise<void> {
    if (deliveryIds.length === 0) return;
    await this.db.query(
      `UPDATE delivery SET status = 'PENDING', attempts = 0, last_error = NULL
       WHERE delivery_id = ANY($1::uuid[])`,
      [[...deliveryIds]],
    );
  }

  /** Deliveries of these subjects (an order's reference), oldest first. */
  async deliveriesOf(subjectRefs: readonly string[]): Promise<Map<string, DeliveryRecord[]>> {
    const result = new Map<string, DeliveryRecord[]>(subjectRefs.map((r) => [r, []]));
    if (subjectRefs.length === 0) return result;
    const rows = await this.db.query<DeliverySqlRow[]>(
      `SELECT ${DELIVERY_COLUMNS} FROM delivery WHERE subject_ref = ANY($1::text[]) ORDER BY created_at, delivery_id`,
      [[...new Set(subjectRefs)]],
    );
    for (const row of rows) result.get(row.subject_ref)?.push(toDelivery(row));
    return result;
  }
}

function toEndpoint(r: EndpointSqlRow): EndpointRecord {
  return {
    endpointId: r.endpoint_id,
    policeArea: r.police_area,
    kind: r.kind,
    url: r.url,
    topic: r.topic,
    role: r.role,
    maxAttempts: r.max_attempts,
    retryBaseMs: r.retry_base_ms,
    retryMaxMs: r.retry_max_ms,
    timeoutMs: r.timeout_ms,
    clientCertificateSubject: r.client_subject,
    pinnedCa: r.pinned_ca,
    createdBy: r.created_by,
    createdAt: new Date(r.created_at),
    keyIds: r.key_ids ?? [],
  };
}

function toDelivery(r: DeliverySqlRow): DeliveryRecord {
  return {
    deliveryId: r.delivery_id,
    endpointId: r.endpoint_id,
    policeArea: r.police_area,
    change: r.change,
    subjectRef: r.subject_ref,
    streamKey: r.stream_key,
    raisedBy: r.raised_by,
    status: r.status,
    payload: r.payload,
    attempts: r.attempts,
    lastError: r.last_error,
    createdAt: new Date(r.created_at),
    deliveredAt: r.delivered_at ? new Date(r.delivered_at) : null,
    failedAt: r.failed_at ? new Date(r.failed_at) : null,
  };
}
