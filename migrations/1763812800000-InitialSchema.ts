import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Walking-skeleton schema: the accepted-event store, projections for people and protective orders, the
 * case timeline, dead letters, audit, consumer offsets, the change-feed outbox and the embedded event log.
 * snake_case names; timestamptz for instants; date for dates of birth.
 */
export class InitialSchema1763812800000 implements MigrationInterface {
  name = 'InitialSchema1763812800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE event_store (
        event_id      uuid PRIMARY KEY,
        type          text NOT NULL,
        source        text NOT NULL,
        subject       text NOT NULL,
        occurred_at   timestamptz,
        received_at   timestamptz NOT NULL,
        envelope      json NOT NULL, -- kept as received (not re-parsed): the record of what was accepted
        log_topic     text NOT NULL,
        log_partition integer NOT NULL,
        log_offset    bigint NOT NULL,
        applied_at    timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX event_store_subject_idx ON event_store (subject)`);

    await q.query(`
      CREATE TABLE consumer_offset (
        consumer_group text NOT NULL,
        topic          text NOT NULL,
        partition      integer NOT NULL,
        next_offset    bigint NOT NULL,
        updated_at     timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer_group, topic, partition)
      )`);

    await q.query(`
      CREATE TABLE person (
        person_id       uuid PRIMARY KEY,
        pnc_id          text UNIQUE,
        given_name      text NOT NULL,
        family_name     text NOT NULL,
        name_key        text NOT NULL,
        date_of_birth   date,
        first_seen_event uuid NOT NULL,
        created_at      timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX person_name_dob_idx ON person (name_key, date_of_birth)`);

    await q.query(`
      CREATE TABLE protective_order (
        order_id            uuid PRIMARY KEY,
        order_ref           text NOT NULL UNIQUE,
        granted             boolean NOT NULL DEFAULT false,
        order_type          text,
        source_order_code   text,
        court_code          text,
        court_name          text,
        case_number         text,
        police_area         text,
        respondent_id       uuid REFERENCES person (person_id),
        protected_person_ids uuid[] NOT NULL DEFAULT '{}',
        protected_parties   jsonb NOT NULL DEFAULT '[]',
        conditions          jsonb NOT NULL DEFAULT '[]',
        power_of_arrest     boolean,
        without_notice      boolean,
        made_at             timestamptz,
        effective_from      timestamptz,
        expires_at          timestamptz,
        served              boolean NOT NULL DEFAULT false,
        served_at           timestamptz,
        service_method      text,
        source_system       text,
        granted_event_id    uuid,
        served_event_id     uuid,
        asserted_at         timestamptz,
        received_at         timestamptz,
        version             integer NOT NULL DEFAULT 0,
        updated_at          timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX protective_order_respondent_idx ON protective_order (respondent_id)`);
    await q.query(`CREATE INDEX protective_order_area_idx ON protective_order (police_area)`);

    await q.query(`
      CREATE TABLE timeline_entry (
        event_id     uuid PRIMARY KEY REFERENCES event_store (event_id),
        aggregate    text NOT NULL,
        agency       text NOT NULL,
        event_type   text NOT NULL,
        occurred_at  timestamptz,
        received_at  timestamptz NOT NULL,
        summary      text NOT NULL,
        source       text NOT NULL
      )`);
    await q.query(`CREATE INDEX timeline_entry_aggregate_idx ON timeline_entry (aggregate, received_at)`);

    await q.query(`
      CREATE TABLE dead_letter (
        dead_letter_id uuid PRIMARY KEY,
        connector      text NOT NULL,
        reason_code    text NOT NULL,
        message        text NOT NULL,
        problems       jsonb NOT NULL DEFAULT '[]',
        content_type   text,
        original_bytes bytea NOT NULL,
        truncated      boolean NOT NULL DEFAULT false,
        received_at    timestamptz NOT NULL,
        recorded_at    timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX dead_letter_received_idx ON dead_letter (received_at)`);

    await q.query(`
      CREATE TABLE change_outbox (
        change_id  bigserial PRIMARY KEY,
        topic      text NOT NULL,
        key        text NOT NULL,
        payload    jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        claimed_by text,
        claimed_at timestamptz
      )`);

    await q.query(`
      CREATE TABLE audit_record (
        audit_id    bigserial PRIMARY KEY,
        at          timestamptz NOT NULL DEFAULT now(),
        actor       text NOT NULL,
        agency      text NOT NULL,
        purpose     text NOT NULL,
        operation   text NOT NULL,
        record_ids  text[] NOT NULL
      )`);

    // The embedded default's event log (src/messaging/postgres-event-log.ts).
    await q.query(`CREATE TABLE log_topic (topic text PRIMARY KEY)`);
    await q.query(`
      CREATE TABLE log_message (
        topic       text NOT NULL REFERENCES log_topic (topic),
        seq         bigserial NOT NULL,
        key         text NOT NULL,
        value       bytea NOT NULL,
        headers     jsonb NOT NULL DEFAULT '{}',
        appended_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (topic, seq)
      )`);
    await q.query(`
      CREATE TABLE log_consumer_offset (
        group_id text NOT NULL,
        topic    text NOT NULL,
        next_seq bigint NOT NULL,
        PRIMARY KEY (group_id, topic)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'log_consumer_offset',
      'log_message',
      'log_topic',
      'audit_record',
      'change_outbox',
      'dead_letter',
      'timeline_entry',
      'protective_order',
      'person',
      'consumer_offset',
      'event_store',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
