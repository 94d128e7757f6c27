import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Acknowledgement and escalation (src/projection/acknowledgement-watch.ts). When the hub first announces
 * a granted order to its force (order_notification), the order waits for a person's acknowledgement
 * (order_acknowledgement, since OrderAcknowledgement1764244800000); not acknowledged in time, it escalates
 * (order_escalation, one row per step, each with the alert it raised) until it is. The times are per force
 * (force_setting), in the database so a force's administrator can change them without a redeploy. These
 * are the hub's own facts, not projections: a rebuild keeps them.
 */
export class OrderEscalation1765022400000 implements MigrationInterface {
  name = 'OrderEscalation1765022400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE force_setting (
        police_area                 text PRIMARY KEY,
        acknowledge_within_seconds  integer NOT NULL CHECK (acknowledge_within_seconds BETWEEN 1 AND 86400),
        escalate_every_seconds      integer NOT NULL CHECK (escalate_every_seconds BETWEEN 1 AND 86400),
        updated_by                  text NOT NULL,
        updated_at                  timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE order_notification (
        order_id        uuid NOT NULL,
        police_area     text NOT NULL,
        stream_key      text NOT NULL,
        change_event_id uuid NOT NULL,
        notified_at     timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (order_id, police_area)
      )`);
    await q.query(
      `CREATE INDEX order_notification_area_idx ON order_notification (police_area, notified_at)`,
    );
    await q.query(`
      CREATE TABLE order_escalation (
        order_id     uuid NOT NULL,
        police_area  text NOT NULL,
        step         integer NOT NULL CHECK (step >= 1),
        escalated_at timestamptz NOT NULL DEFAULT now(),
        alert_id     uuid NOT NULL UNIQUE,
        stream_key   text NOT NULL,
        message      text NOT NULL,
        subject_ref  text NOT NULL,
        raised_by    uuid NOT NULL,
        PRIMARY KEY (order_id, police_area, step)
      )`);
    await q.query(`CREATE INDEX order_escalation_stream_idx ON order_escalation (stream_key)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE order_escalation`);
    await q.query(`DROP TABLE order_notification`);
    await q.query(`DROP TABLE force_setting`);
  }
}
