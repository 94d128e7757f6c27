import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Delivery to each force's own systems (src/delivery). A force registers endpoints — signed webhooks, or
 * a topic of its own on the hub's log — each with HMAC keys that rotate (delivery_key; a retired key no
 * longer signs). Every order change and alert of the force's area becomes one delivery per endpoint
 * (delivery: its idempotency key is the delivery id), tried with backoff until the receiver answers 2xx
 * or the endpoint's attempts run out (then a dead letter and a DELIVERY_FAILED alert). The payload is
 * built once, from what the force is entitled to see, and kept so a receiver can ask for a replay.
 */
export class ForceDelivery1765108800000 implements MigrationInterface {
  name = 'ForceDelivery1765108800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE delivery_endpoint (
        endpoint_id  uuid PRIMARY KEY,
        police_area  text NOT NULL,
        kind         text NOT NULL CHECK (kind IN ('WEBHOOK', 'LOG_TOPIC')),
        url          text,
        topic        text,
        role         text NOT NULL CHECK (role IN ('PRIMARY', 'ESCALATION')),
        max_attempts integer NOT NULL CHECK (max_attempts BETWEEN 1 AND 100),
        created_by   text NOT NULL,
        created_at   timestamptz NOT NULL DEFAULT now(),
        removed_at   timestamptz,
        CHECK ((kind = 'WEBHOOK') = (url IS NOT NULL) AND (kind = 'LOG_TOPIC') = (topic IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX delivery_endpoint_area_idx ON delivery_endpoint (police_area)`);
    await q.query(`
      CREATE TABLE delivery_key (
        endpoint_id uuid NOT NULL REFERENCES delivery_endpoint (endpoint_id),
        key_id      text NOT NULL,
        secret      text NOT NULL,
        created_at  timestamptz NOT NULL DEFAULT now(),
        retired_at  timestamptz,
        PRIMARY KEY (endpoint_id, key_id)
      )`);
    await q.query(`
      CREATE TABLE delivery (
        delivery_id  uuid PRIMARY KEY,
        endpoint_id  uuid NOT NULL REFERENCES delivery_endpoint (endpoint_id),
        police_area  text NOT NULL,
        change       jsonb NOT NULL,
        subject_ref  text NOT NULL,
        stream_key   text NOT NULL,
        raised_by    uuid,
        status       text NOT NULL DEFAULT 'PENDING'
                     CHECK (status IN ('PENDING', 'DELIVERED', 'FAILED', 'WITHHELD', 'CANCELLED')),
        payload      jsonb,
        attempts     integer NOT NULL DEFAULT 0,
        last_error   text,
        created_at   timestamptz NOT NULL DEFAULT now(),
        delivered_at timestamptz,
        failed_at    timestamptz,
        failure_alert_id uuid UNIQUE
      )`);
    await q.query(`CREATE INDEX delivery_endpoint_time_idx ON delivery (endpoint_id, created_at)`);
    await q.query(`CREATE INDEX delivery_subject_idx ON delivery (subject_ref)`);
    await q.query(`CREATE INDEX delivery_stream_idx ON delivery (stream_key) WHERE failed_at IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE delivery`);
    await q.query(`DROP TABLE delivery_key`);
    await q.query(`DROP TABLE delivery_endpoint`);
  }
}
