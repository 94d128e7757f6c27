import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Victim notification (docs/victim-notification.md): a protected person's consent to be told, recorded by
 * police or an IDVA and withdrawable at any time; each notification the hub sends on it and every status
 * GOV.UK Notify reports; and each force's contact line the messages give. These are the hub's own facts,
 * not projections: a rebuild keeps them.
 */
export class VictimNotification1765281600000 implements MigrationInterface {
  name = 'VictimNotification1765281600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE victim_consent (
        consent_id            uuid PRIMARY KEY,
        person_id             uuid NOT NULL,
        police_area           text NOT NULL,
        channel               text NOT NULL CHECK (channel IN ('SMS', 'EMAIL', 'LETTER')),
        contact               jsonb NOT NULL,
        topics                text[] NOT NULL,
        detail                text NOT NULL CHECK (detail IN ('SUMMARY', 'CONTACT_REQUEST_ONLY')),
        do_not_leave_messages boolean NOT NULL,
        quiet_hours           jsonb NOT NULL DEFAULT '[]'::jsonb,
        consented_at          timestamptz NOT NULL,
        recorded_by           text NOT NULL,
        recorded_by_agency    text NOT NULL,
        recorded_at           timestamptz NOT NULL DEFAULT now(),
        withdrawn_at          timestamptz,
        withdrawn_by          text,
        withdrawal_reason     text
      )`);
    await q.query(
      `CREATE INDEX victim_consent_active_idx ON victim_consent (person_id) WHERE withdrawn_at IS NULL`,
    );
    await q.query(`
      CREATE TABLE victim_notification (
        notification_id  uuid PRIMARY KEY,
        consent_id       uuid NOT NULL REFERENCES victim_consent (consent_id),
        person_id        uuid NOT NULL,
        police_area      text NOT NULL,
        kind             text NOT NULL,
        stream_key       text NOT NULL,
        subject_ref      text NOT NULL,
        raised_by        uuid NOT NULL,
        occurred_at      timestamptz,
        status           text NOT NULL DEFAULT 'PENDING',
        attempts         integer NOT NULL DEFAULT 0,
        last_error       text,
        notify_id        uuid UNIQUE,
        sent_at          timestamptz,
        status_at        timestamptz,
        history          jsonb NOT NULL DEFAULT '[]'::jsonb,
        failure_alert_id uuid,
        failed_at        timestamptz,
        created_at       timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX victim_notification_person_idx ON victim_notification (person_id, created_at)`,
    );
    await q.query(`CREATE INDEX victim_notification_stream_idx ON victim_notification (stream_key)`);
    await q.query(`
      CREATE TABLE force_victim_contact (
        police_area    text PRIMARY KEY,
        contact_number text NOT NULL,
        updated_by     text NOT NULL,
        updated_at     timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE force_victim_contact`);
    await q.query(`DROP TABLE victim_notification`);
    await q.query(`DROP TABLE victim_consent`);
  }
}
