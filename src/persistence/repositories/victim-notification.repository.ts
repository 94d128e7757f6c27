import {
  type NotificationKind,
  type QuietWindow,
  TOPIC_OF,
  type VictimChannel,
  type VictimDetail,
  type VictimTopic,
} from '../../domain/rules/victim-messages';
import {
  type ConsentRecord,
  type NewConsent,
  type NotificationRecord,
  type NotificationToSend,
  type StatusStep,
  type VictimContact,
  type VictimNotificationStatus,
} from '../../domain/victim-records';
import { type SqlRunner } from '../job-queue';
import { type NotifiableOccurrence } from '../victim-routing';
import { labelled } from './labels';

interface ConsentRow {
  consent_id: string;
  person_id: string;
  police_area: string;
  channel: VictimChannel;
  contact: VictimContact;
  topics: VictimTopic[];
  detail: VictimDetail;
  do_not_leave_messages: boolean;
  quiet_hours: QuietWindow[];
  consented_at: Date;
  recorded_by: string;
  recorded_by_agency: string;
  recorded_at: Date;
  withdrawn_at: Date | null;
  withdrawn_by: string | null;
  withdrawal_reason: string | null;
  restricted_to: string | null;
}

interface NotificationRow {
  notification_id: string;
  consent_id: string;
  person_id: string;
  police_area: string;
  kind: NotificationKind;
  stream_key: string;
  subject_ref: string;
  raised_by: string;
  occurred_at: Date | null;
  status: VictimNotificationStatus;
  attempts: number;
  last_error: string | null;
  notify_id: string | null;
  sent_at: Date | null;
  status_at: Date | null;
  history: StatusStep[];
  created_at: Date;
  restricted_to: string | null;
}

const CONSENT_COLUMNS = `c.consent_id::text, c.person_id::text, c.police_area, c.channel, c.contact, c.topics,
  c.detail, c.do_not_leave_messages, c.quiet_hours, c.consented_at, c.recorded_by, c.recorded_by_agency,
  c.recorded_at, c.withdrawn_at, c.withdrawn_by, c.withdrawal_reason,
  person_restricted_to(c.person_id) AS restricted_to`;

const NOTIFICATION_COLUMNS = `n.notification_id::text, n.consent_id::text, n.person_id::text, n.police_area,
  n.kind, n.stream_key, n.subject_ref, n.raised_by::text, n.occurred_at, n.status, n.attempts, n.last_error,
  n.notify_id::text, n.sent_at, n.status_at, n.history, n.created_at,
  person_restricted_to(n.person_id) AS restricted_to`;

/**
 * A consent and its notifications hold a person's safe contact details: VICTIM_CONTACT, within the police
 * area that recorded it, and — when the person is party to a police-perpetrated abuse case — restricted
 * like that case inside the accused force.
 */
function toConsent(row: ConsentRow): ConsentRecord {
  return {
    consentId: row.consent_id,
    personId: row.person_id,
    policeArea: row.police_area,
    channel: row.channel,
    contact: row.contact,
    topics: row.topics,
    detail: row.detail,
    doNotLeaveMessages: row.do_not_leave_messages,
    quietHours: row.quiet_hours,
    consentedAt: new Date(row.consented_at),
    recordedBy: row.recorded_by,
    recordedByAgency: row.recorded_by_agency,
    recordedAt: new Date(row.recorded_at),
    withdrawnAt: row.withdrawn_at ? new Date(row.withdrawn_at) : null,
    withdrawnBy: row.withdrawn_by,
    withdrawalReason: row.withdrawal_reason,
    access: labelled(`victim-consent:${row.consent_id}`, 'VICTIM_CONTACT', row, true, [row.person_id]),
  };
}

function toNotification(row: NotificationRow): NotificationRecord {
  return {
    notificationId: row.notification_id,
    consentId: row.consent_id,
    personId: row.person_id,
    policeArea: row.police_area,
    kind: row.kind,
    streamKey: row.stream_key,
    subjectRef: row.subject_ref,
    raisedBy: row.raised_by,
    occurredAt: row.occurred_at ? new Date(row.occurred_at) : null,
    status: row.status,
    attempts: row.attempts,
    lastError: row.last_error,
    notifyId: row.notify_id,
    sentAt: row.sent_at ? new Date(row.sent_at) : null,
    statusAt: row.status_at ? new Date(row.status_at) : null,
    history: row.history,
    createdAt: new Date(row.created_at),
    access: labelled(`victim-notification:${row.notification_id}`, 'VICTIM_CONTACT', row, true, [
      row.person_id,
    ]),
  };
}

/** The message of the alert raised when a notification could not be sent (no contact details in it). */
export const VICTIM_NOTIFICATION_FAILED_MESSAGE = `'A message to a protected person who asked to be told could not be sent (notification ' || notification_id || ', ' || kind || '). Contact them by another safe route.'`;

/** Consents, notifications and force contact lines (migration VictimNotification). */
export class VictimNotificationRepository {
  constructor(private readonly db: SqlRunner) {}

  /**
   * One notification per active consent of each person the occurrence is about — an order's protected
   * persons, a case's victims and protected persons — who chose the occurrence's topic. Idempotent (the id
   * is the consent, the kind and the raiser), so a re-fold or a second announcement adds nothing. The time
   * it happened: the source's, else the order's own (served, ends), else the raising event's.
   */
  async createFor(occurrences: readonly NotifiableOccurrence[]): Promise<string[]> {
    if (occurrences.length === 0) return [];
    const rows = await this.db.query<{ notification_id: string }[]>(
      `WITH occ AS (
         -- Nothing to look up while nobody has an active consent (the partial index answers at once).
         SELECT * FROM json_to_recordset($1::json)
           AS o(kind text, topic text, stream_key text, raised_by uuid, occurred_at timestamptz, order_types text[])
         WHERE EXISTS (SELECT 1 FROM victim_consent WHERE withdrawn_at IS NULL)
       ), concerned AS (
         -- LATERAL, so each occurrence is one lookup by the unique reference, whatever the tables' size.
         SELECT o.kind, o.topic, o.stream_key, po.order_ref AS subject_ref, o.raised_by, p.person_id,
                coalesce(o.occurred_at,
                         CASE WHEN o.kind = 'ORDER_SERVED' THEN po.served_at
                              WHEN o.kind IN ('ORDER_EXPIRING', 'ORDER_EXPIRED') THEN po.expires_at END,
                         (SELECT e.occurred_at FROM event_store e WHERE e.event_id = o.raised_by)) AS occurred_at
         FROM occ o
         CROSS JOIN LATERAL (SELECT * FROM protective_order x WHERE x.order_ref = substr(o.stream_key, 7)) po
         CROSS JOIN LATERAL unnest(po.protected_person_ids) AS p(person_id)
         WHERE o.stream_key LIKE 'order:%' AND (o.order_types IS NULL OR po.order_type = ANY(o.order_types))
         UNION
         SELECT o.kind, o.topic, o.stream_key, c.case_urn, o.raised_by, cp.person_id, o.occurred_at
         FROM occ o
         CROSS JOIN LATERAL (SELECT * FROM case_record x WHERE x.case_urn = substr(o.stream_key, 6)) c
         JOIN case_party cp ON cp.case_id = c.case_id AND cp.role IN ('victim', 'protected')
         WHERE o.stream_key LIKE 'case:%'
       ), created AS (
         INSERT INTO victim_notification (notification_id, consent_id, person_id, police_area, kind, stream_key,
                                          subject_ref, raised_by, occurred_at, history)
         SELECT md5('victim-notification|' || vc.consent_id || '|' || x.kind || '|' || x.raised_by)::uuid,
                vc.consent_id, x.person_id, vc.police_area, x.kind, x.stream_key, x.subject_ref, x.raised_by,
                x.occurred_at, jsonb_build_array(jsonb_build_object('status', 'PENDING', 'at', now(), 'detail', NULL))
         FROM concerned x
         JOIN victim_consent vc ON vc.person_id = x.person_id AND vc.withdrawn_at IS NULL
                               AND x.topic = ANY(vc.topics)
         ON CONFLICT (notification_id) DO NOTHING
         RETURNING notification_id)
       SELECT notification_id::text FROM created`,
      [
        JSON.stringify(
          occurrences.map((o) => ({
            kind: o.kind,
            topic: TOPIC_OF[o.kind],
            stream_key: o.streamKey,
            raised_by: o.raisedBy,
            occurred_at: o.occurredAt,
            order_types: o.orderTypes ?? null,
          })),
        ),
      ],
    );
    return rows.map((r) => r.notification_id);
  }

  async recordConsent(consent: NewConsent): Promise<ConsentRecord> {
    const rows = await this.db.query<ConsentRow[]>(
      `WITH c AS (
         INSERT INTO victim_consent (consent_id, person_id, police_area, channel, contact, topics, detail,
                                     do_not_leave_messages, quiet_hours, consented_at, recorded_by,
                                     recorded_by_agency)
         VALUES ($1, $2, $3, $4, $5::jsonb, $6::text[], $7, $8, $9::jsonb, $10, $11, $12)
         RETURNING *)
       SELECT ${CONSENT_COLUMNS} FROM c`,
      [
        consent.consentId,
        consent.personId,
        consent.policeArea,
        consent.channel,
        JSON.stringify(consent.contact),
        [...consent.topics],
        consent.detail,
        consent.doNotLeaveMessages,
        JSON.stringify(consent.quietHours),
        consent.consentedAt,
        consent.recordedBy,
        consent.recordedByAgency,
      ],
    );
    return toConsent(rows[0]!);
  }

  /** Withdraws a consent (once: a withdrawn one stays as it was withdrawn); null when there is none. */
  async withdrawConsent(consentId: string, by: string, reason: string | null): Promise<ConsentRecord | null> {
    await this.db.query(
      `WITH w AS (
         UPDATE victim_consent SET withdrawn_at = now(), withdrawn_by = $2, withdrawal_reason = $3
         WHERE consent_id = $1 AND withdrawn_at IS NULL RETURNING consent_id)
       SELECT consent_id FROM w`,
      [consentId, by, reason],
    );
    return (await this.consents({ consentIds: [consentId] }))[0] ?? null;
  }

  async consents(by: {
    consentIds?: readonly string[];
    personIds?: readonly string[];
  }): Promise<ConsentRecord[]> {
    const rows = await this.db.query<ConsentRow[]>(
      `SELECT ${CONSENT_COLUMNS} FROM victim_consent c
       WHERE c.consent_id = ANY($1::uuid[]) OR c.person_id = ANY($2::uuid[])
       ORDER BY c.recorded_at DESC, c.consent_id`,
      [[...(by.consentIds ?? [])], [...(by.personIds ?? [])]],
    );
    return rows.map(toConsent);
  }

  async notificationsOf(personIds: readonly string[], limit: number): Promise<NotificationRecord[]> {
    const rows = await this.db.query<NotificationRow[]>(
      `SELECT ${NOTIFICATION_COLUMNS} FROM victim_notification n WHERE n.person_id = ANY($1::uuid[])
       ORDER BY n.created_at DESC, n.notification_id LIMIT $2`,
      [[...personIds], limit],
    );
    return rows.map(toNotification);
  }

  /** The notifications to work, with their consents and their forces' contact lines. */
  async toSend(notificationIds: readonly string[]): Promise<Map<string, NotificationToSend>> {
    if (notificationIds.length === 0) return new Map();
    const rows = await this.db.query<(NotificationRow & { contact_number: string | null })[]>(
      `SELECT ${NOTIFICATION_COLUMNS}, f.contact_number
       FROM victim_notification n LEFT JOIN force_victim_contact f ON f.police_area = n.police_area
       WHERE n.notification_id = ANY($1::uuid[])`,
      [[...notificationIds]],
    );
    const consents = new Map(
      (await this.consents({ consentIds: [...new Set(rows.map((r) => r.consent_id))] })).map((c) => [
        c.consentId,
        c,
      ]),
    );
    return new Map(
      rows.map((r) => [
        r.notification_id,
        { ...toNotification(r), consent: consents.get(r.consent_id)!, contactNumber: r.contact_number },
      ]),
    );
  }

  /** Moves a PENDING notification on, with a step in its history; false when it was not PENDING. */
  async settle(
    notificationId: string,
    status: VictimNotificationStatus,
    detail: string | null,
    fields: { notifyId?: string; attempts?: number } = {},
  ): Promise<boolean> {
    const rows = await this.db.query<{ notification_id: string }[]>(
      `WITH s AS (
         UPDATE victim_notification
         SET status = $2, status_at = now(), last_error = CASE WHEN $2 = 'SENDING' THEN NULL ELSE last_error END,
             notify_id = coalesce($4::uuid, notify_id), attempts = coalesce($5, attempts),
             sent_at = CASE WHEN $2 = 'SENDING' THEN now() ELSE sent_at END,
             history = history || jsonb_build_array(jsonb_build_object('status', $2, 'at', now(), 'detail', $3::text))
         WHERE notification_id = $1 AND status = 'PENDING'
         RETURNING notification_id)
       SELECT notification_id FROM s`,
      [notificationId, status, detail, fields.notifyId ?? null, fields.attempts ?? null],
    );
    return rows.length > 0;
  }

  /** Counts a failed attempt (the notification stays PENDING); returns the attempts so far. */
  async recordFailure(notificationId: string, error: string): Promise<number> {
    const rows = await this.db.query<{ attempts: number }[]>(
      `WITH f AS (
         UPDATE victim_notification SET attempts = attempts + 1, last_error = $2,
           history = history || jsonb_build_array(jsonb_build_object('status', 'ATTEMPT_FAILED', 'at', now(), 'detail', $2::text))
         WHERE notification_id = $1 AND status = 'PENDING' RETURNING attempts)
       SELECT attempts FROM f`,
      [notificationId, error],
    );
    return rows[0]?.attempts ?? 0;
  }

  /**
   * Gives up on a notification: FAILED, and an alert on the board of the force that recorded the consent
   * (someone must reach the person another way). Null when it was not PENDING.
   */
  async markFailed(
    notificationId: string,
    alertId: string,
    error: string,
  ): Promise<{
    message: string;
    failedAt: Date;
    streamKey: string;
    raisedBy: string;
    policeArea: string;
  } | null> {
    const rows = await this.db.query<
      { message: string; failed_at: Date; stream_key: string; raised_by: string; police_area: string }[]
    >(
      `WITH failed AS (
         UPDATE victim_notification SET status = 'FAILED', failed_at = now(), status_at = now(), last_error = $3,
           failure_alert_id = $2,
           history = history || jsonb_build_array(jsonb_build_object('status', 'FAILED', 'at', now(), 'detail', $3::text))
         WHERE notification_id = $1 AND status = 'PENDING'
         RETURNING *),
       alerted AS (
         INSERT INTO alert (alert_id, stream_key, kind, message, citation, police_area, subject_ref, raised_by,
                            raised_at)
         SELECT failure_alert_id, stream_key, 'VICTIM_NOTIFICATION_FAILED', ${VICTIM_NOTIFICATION_FAILED_MESSAGE},
                NULL, police_area, subject_ref, raised_by, failed_at
         FROM failed ON CONFLICT (alert_id) DO NOTHING)
       SELECT ${VICTIM_NOTIFICATION_FAILED_MESSAGE} AS message, failed_at, stream_key, raised_by::text, police_area
       FROM failed`,
      [notificationId, alertId, error],
    );
    const row = rows[0];
    return row
      ? {
          message: row.message,
          failedAt: new Date(row.failed_at),
          streamKey: row.stream_key,
          raisedBy: row.raised_by,
          policeArea: row.police_area,
        }
      : null;
  }

  /**
   * A status GOV.UK Notify reported for one of the hub's notifications (by Notify's id): recorded with its
   * time in the history. A final status is not overwritten by a late intermediate one. Null when the id
   * is not one of the hub's.
   */
  async recordStatus(
    notifyId: string,
    status: VictimNotificationStatus,
    at: Date,
  ): Promise<{ notificationId: string; personId: string; policeArea: string } | null> {
    const rows = await this.db.query<{ notification_id: string; person_id: string; police_area: string }[]>(
      `WITH s AS (
         UPDATE victim_notification
         SET status = CASE WHEN status IN ('SENDING', 'TEMPORARY_FAILURE') THEN $2 ELSE status END,
             status_at = CASE WHEN status IN ('SENDING', 'TEMPORARY_FAILURE') THEN $3::timestamptz ELSE status_at END,
             history = history || jsonb_build_array(jsonb_build_object('status', $2::text, 'at', $3::timestamptz, 'detail', 'GOV.UK Notify'))
         WHERE notify_id = $1
         RETURNING notification_id, person_id, police_area)
       SELECT notification_id::text, person_id::text, police_area FROM s`,
      [notifyId, status, at],
    );
    const row = rows[0];
    return row
      ? { notificationId: row.notification_id, personId: row.person_id, policeArea: row.police_area }
      : null;
  }

  /** Withdrawing a consent cancels what it has not sent yet. */
  async cancelPendingOf(consentId: string): Promise<number> {
    const rows = await this.db.query<{ notification_id: string }[]>(
      `WITH c AS (
         UPDATE victim_notification SET status = 'CANCELLED', status_at = now(),
           history = history || jsonb_build_array(jsonb_build_object('status', 'CANCELLED', 'at', now(), 'detail', 'consent withdrawn'))
         WHERE consent_id = $1 AND status = 'PENDING' RETURNING notification_id)
       SELECT notification_id FROM c`,
      [consentId],
    );
    return rows.length;
  }

  async setContactNumber(policeArea: string, contactNumber: string, by: string): Promise<void> {
    await this.db.query(
      `INSERT INTO force_victim_contact (police_area, contact_number, updated_by) VALUES ($1, $2, $3)
       ON CONFLICT (police_area) DO UPDATE SET contact_number = $2, updated_by = $3, updated_at = now()`,
      [policeArea, contactNumber, by],
    );
  }

  async contactNumber(policeArea: string): Promise<string | null> {
    const rows = await this.db.query<{ contact_number: string }[]>(
      `SELECT contact_number FROM force_victim_contact WHERE police_area = $1`,
      [policeArea],
    );
    return rows[0]?.contact_number ?? null;
  }

  /**
   * Whether the hub knows the person, and the accused force when they are party to a police-perpetrated
   * abuse case (their consent is then restricted like the case).
   */
  async personLabels(personId: string): Promise<{ known: boolean; restrictedTo: string | null }> {
    const rows = await this.db.query<{ known: boolean; restricted_to: string | null }[]>(
      `SELECT (EXISTS (SELECT 1 FROM person_assertion WHERE person_id = $1) OR
               EXISTS (SELECT 1 FROM person WHERE person_id = $1)) AS known,
              person_restricted_to($1::uuid) AS restricted_to`,
      [personId],
    );
    return { known: rows[0]?.known ?? false, restrictedTo: rows[0]?.restricted_to ?? null };
  }
}
