import { type SqlRunner } from '../job-queue';
import { lockStreams } from './stream-locks';

/** The VINE anchor (docs/operations.md): a person told within 15 minutes. A force may set its own. */
export const DEFAULT_ACKNOWLEDGE_WITHIN_SECONDS = 15 * 60;
export const DEFAULT_ESCALATE_EVERY_SECONDS = 15 * 60;

export interface ForceSetting {
  policeArea: string;
  acknowledgeWithinSeconds: number;
  escalateEverySeconds: number;
  /** The force's own DUE_SOON lead times, minutes by clock rule id (0 = no due-soon). */
  dueSoonLeads: Record<string, number>;
  /** null ⇒ the defaults (never set). */
  updatedBy: string | null;
  updatedAt: Date | null;
}

export interface NewNotification {
  orderId: string;
  policeArea: string;
  notifiedAt: Date;
  acknowledgeWithinSeconds: number;
}

/** Where one order's wait for its force's acknowledgement stands. */
export interface WatchState {
  orderId: string;
  orderRef: string;
  policeArea: string;
  streamKey: string;
  grantedEventId: string;
  notifiedAt: Date;
  acknowledged: boolean;
  /** Granted, not ended, not past its end. */
  live: boolean;
  acknowledgeWithinSeconds: number;
  escalateEverySeconds: number;
}

export interface EscalationRecord {
  step: number;
  at: Date;
}

export interface NotificationRecord {
  orderId: string;
  policeArea: string;
  notifiedAt: Date;
  acknowledgedBy: string | null;
  acknowledgedAt: Date | null;
  escalations: EscalationRecord[];
}

const SETTING = (alias: string) => `
  coalesce(${alias}.acknowledge_within_seconds, ${DEFAULT_ACKNOWLEDGE_WITHIN_SECONDS}) AS acknowledge_within_seconds,
  coalesce(${alias}.escalate_every_seconds, ${DEFAULT_ESCALATE_EVERY_SECONDS}) AS escalate_every_seconds`;

/** SQL of order acknowledgement and escalation (src/projection/acknowledgement-watch.ts). */
export class AcknowledgementRepository {
  constructor(private readonly db: SqlRunner) {}

  /** Records the first announcement of each order to its force; returns only the new ones. */
  async recordNotifications(
    rows: readonly { orderId: string; policeArea: string; streamKey: string; changeEventId: string }[],
  ): Promise<NewNotification[]> {
    if (rows.length === 0) return [];
    const sorted = [...rows].sort((a, b) => a.orderId.localeCompare(b.orderId));
    const inserted = await this.db.query<
      { order_id: string; police_area: string; notified_at: Date; acknowledge_within_seconds: number }[]
    >(
      `WITH n AS (
         INSERT INTO order_notification (order_id, police_area, stream_key, change_event_id)
         SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::uuid[])
         ON CONFLICT DO NOTHING RETURNING order_id, police_area, notified_at)
       SELECT n.order_id::text, n.police_area, n.notified_at, ${SETTING('f')}
       FROM n LEFT JOIN force_setting f USING (police_area)`,
      [
        sorted.map((r) => r.orderId),
        sorted.map((r) => r.policeArea),
        sorted.map((r) => r.streamKey),
        sorted.map((r) => r.changeEventId),
      ],
    );
    return inserted.map((r) => ({
      orderId: r.order_id,
      policeArea: r.police_area,
      notifiedAt: new Date(r.notified_at),
      acknowledgeWithinSeconds: Number(r.acknowledge_within_seconds),
    }));
  }

  async watchState(orderIds: readonly string[]): Promise<Map<string, WatchState>> {
    if (orderIds.length === 0) return new Map();
    const rows = await this.db.query<
      {
        order_id: string;
        order_ref: string;
        police_area: string;
        stream_key: string;
        granted_event_id: string;
        notified_at: Date;
        acknowledged: boolean;
        live: boolean;
        acknowledge_within_seconds: number;
        escalate_every_seconds: number;
      }[]
    >(
      `SELECT n.order_id::text, o.order_ref, n.police_area, n.stream_key, o.granted_event_id::text, n.notified_at,
              EXISTS (SELECT 1 FROM order_acknowledgement a
                      WHERE a.order_id = n.order_id AND a.police_area = n.police_area) AS acknowledged,
              (o.granted AND o.ended IS NULL AND (o.expires_at IS NULL OR o.expires_at > now())) AS live,
              ${SETTING('f')}
       FROM order_notification n
       JOIN protective_order o ON o.order_id = n.order_id
       LEFT JOIN force_setting f ON f.police_area = n.police_area
       WHERE n.order_id = ANY($1::uuid[]) AND o.granted_event_id IS NOT NULL`,
      [[...new Set(orderIds)]],
    );
    return new Map(
      rows.map((r) => [
        r.order_id,
        {
          orderId: r.order_id,
          orderRef: r.order_ref,
          policeArea: r.police_area,
          streamKey: r.stream_key,
          grantedEventId: r.granted_event_id,
          notifiedAt: new Date(r.notified_at),
          acknowledged: r.acknowledged,
          live: r.live,
          acknowledgeWithinSeconds: Number(r.acknowledge_within_seconds),
          escalateEverySeconds: Number(r.escalate_every_seconds),
        },
      ]),
    );
  }

  lockStreams(streamKeys: readonly string[]): Promise<void> {
    return lockStreams(this.db, streamKeys);
  }

  /** Records an escalation step and its alert; false when that step was recorded already. */
  async recordEscalation(e: {
    orderId: string;
    policeArea: string;
    step: number;
    alertId: string;
    streamKey: string;
    message: string;
    subjectRef: string;
    raisedBy: string;
  }): Promise<{ escalatedAt: Date } | null> {
    const rows = await this.db.query<{ escalated_at: Date }[]>(
      `WITH recorded AS (
         INSERT INTO order_escalation (order_id, police_area, step, alert_id, stream_key, message, subject_ref,
                                       raised_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT DO NOTHING RETURNING escalated_at
       ), alerted AS (
         INSERT INTO alert (alert_id, stream_key, kind, message, citation, police_area, subject_ref, raised_by,
                            raised_at)
         SELECT $4, $5, 'ORDER_NOT_ACKNOWLEDGED', $6, NULL, $2, $7, $8, escalated_at FROM recorded
         ON CONFLICT (alert_id) DO NOTHING
       )
       SELECT escalated_at FROM recorded`,
      [e.orderId, e.policeArea, e.step, e.alertId, e.streamKey, e.message, e.subjectRef, e.raisedBy],
    );
    return rows[0] ? { escalatedAt: new Date(rows[0].escalated_at) } : null;
  }

  /** Orders of the area announced and not acknowledged, still live, longest waiting first. */
  async unacknowledged(policeArea: string, limit: number): Promise<NotificationRecord[]> {
    const rows = await this.db.query<NotificationSqlRow[]>(
      `SELECT ${NOTIFICATION_COLUMNS}
       FROM order_notification n
       JOIN protective_order o ON o.order_id = n.order_id
       LEFT JOIN order_acknowledgement a ON a.order_id = n.order_id AND a.police_area = n.police_area
       WHERE n.police_area = $1 AND a.order_id IS NULL
         AND o.granted AND o.ended IS NULL AND (o.expires_at IS NULL OR o.expires_at > now())
       ORDER BY n.notified_at, n.order_id LIMIT $2`,
      [policeArea, limit],
    );
    return rows.map(toNotification);
  }

  /** Each order's announcement to its force, with its acknowledgement and escalations. */
  async notifications(orderIds: readonly string[]): Promise<Map<string, NotificationRecord[]>> {
    const result = new Map<string, NotificationRecord[]>(orderIds.map((id) => [id, []]));
    if (orderIds.length === 0) return result;
    const rows = await this.db.query<NotificationSqlRow[]>(
      `SELECT ${NOTIFICATION_COLUMNS}
       FROM order_notification n
       LEFT JOIN order_acknowledgement a ON a.order_id = n.order_id AND a.police_area = n.police_area
       WHERE n.order_id = ANY($1::uuid[]) ORDER BY n.notified_at`,
      [[...new Set(orderIds)]],
    );
    for (const row of rows) result.get(row.order_id)?.push(toNotification(row));
    return result;
  }

  async forceSetting(policeArea: string): Promise<ForceSetting> {
    const [row] = await this.db.query<
      {
        acknowledge_within_seconds: number;
        escalate_every_seconds: number;
        due_soon_leads: Record<string, number> | null;
        updated_by: string | null;
        updated_at: Date | null;
      }[]
    >(
      `SELECT ${SETTING('f')}, f.due_soon_leads, f.updated_by, f.updated_at
       FROM (SELECT $1::text AS police_area) q LEFT JOIN force_setting f USING (police_area)`,
      [policeArea],
    );
    return {
      policeArea,
      acknowledgeWithinSeconds: Number(row!.acknowledge_within_seconds),
      escalateEverySeconds: Number(row!.escalate_every_seconds),
      dueSoonLeads: row!.due_soon_leads ?? {},
      updatedBy: row!.updated_by,
      updatedAt: row!.updated_at,
    };
  }

  /** Sets (or, with null, removes) the force's own DUE_SOON lead for one clock rule. */
  async setDueSoonLead(
    policeArea: string,
    ruleId: string,
    minutes: number | null,
    by: string,
  ): Promise<ForceSetting> {
    await this.db.query(
      `INSERT INTO force_setting (police_area, acknowledge_within_seconds, escalate_every_seconds, updated_by,
                                  due_soon_leads)
       VALUES ($1, ${DEFAULT_ACKNOWLEDGE_WITHIN_SECONDS}, ${DEFAULT_ESCALATE_EVERY_SECONDS}, $4,
               CASE WHEN $3::int IS NULL THEN '{}'::jsonb ELSE jsonb_build_object($2::text, $3::int) END)
       ON CONFLICT (police_area) DO UPDATE SET updated_by = EXCLUDED.updated_by, updated_at = now(),
         due_soon_leads = CASE WHEN $3::int IS NULL THEN force_setting.due_soon_leads - $2::text
                               ELSE force_setting.due_soon_leads || jsonb_build_object($2::text, $3::int) END`,
      [policeArea, ruleId, minutes, by],
    );
    return this.forceSetting(policeArea);
  }

  async setForceSetting(
    policeArea: string,
    acknowledgeWithinSeconds: number,
    escalateEverySeconds: number,
    by: string,
  ): Promise<ForceSetting> {
    await this.db.query(
      `INSERT INTO force_setting (police_area, acknowledge_within_seconds, escalate_every_seconds, updated_by)
       VALUES ($1, $2, $3, $4)
       ON CONFLICT (police_area) DO UPDATE SET acknowledge_within_seconds = EXCLUDED.acknowledge_within_seconds,
         escalate_every_seconds = EXCLUDED.escalate_every_seconds, updated_by = EXCLUDED.updated_by,
         updated_at = now()`,
      [policeArea, acknowledgeWithinSeconds, escalateEverySeconds, by],
    );
    return this.forceSetting(policeArea);
  }
}

interface NotificationSqlRow {
  order_id: string;
  police_area: string;
  notified_at: Date;
  acknowledged_by: string | null;
  acknowledged_at: Date | null;
  escalations: { step: number; at: string }[];
}

const NOTIFICATION_COLUMNS = `n.order_id::text, n.police_area, n.notified_at, a.acknowledged_by, a.acknowledged_at,
  coalesce((SELECT json_agg(json_build_object('step', e.step, 'at', e.escalated_at) ORDER BY e.step)
            FROM order_escalation e WHERE e.order_id = n.order_id AND e.police_area = n.police_area),
           '[]'::json) AS escalations`;

function toNotification(r: NotificationSqlRow): NotificationRecord {
  return {
    orderId: r.order_id,
    policeArea: r.police_area,
    notifiedAt: new Date(r.notified_at),
    acknowledgedBy: r.acknowledged_by,
    acknowledgedAt: r.acknowledged_at ? new Date(r.acknowledged_at) : null,
    escalations: r.escalations.map((e) => ({ step: e.step, at: new Date(e.at) })),
  };
}
