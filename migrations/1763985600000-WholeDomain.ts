import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The whole domain: stream membership (which aggregates each event belongs to, so a fold can re-read a
 * stream), person assertions, cases, bail, notices, deadlines and alerts; protective orders gain their
 * lifecycle (variations, extension, discharge / revocation), exclusion zones and breach links; timeline
 * entries can sit on several timelines (an order's and its case's).
 */
export class WholeDomain1763985600000 implements MigrationInterface {
  name = 'WholeDomain1763985600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE event_stream (
        stream_key text NOT NULL,
        event_id   uuid NOT NULL, -- written in the same transaction as its event_store row; no FK check per row
        PRIMARY KEY (stream_key, event_id)
      )`);

    await q.query(`ALTER TABLE person ADD COLUMN cro_number text,
                   ADD COLUMN identity_basis text NOT NULL DEFAULT 'UNMATCHED',
                   ADD COLUMN first_seen_at timestamptz,
                   ADD COLUMN first_seen_role text NOT NULL DEFAULT ''`);
    await q.query(`CREATE INDEX person_name_key_idx ON person (name_key)`);
    // The person id is derived from the PNC id, so PNC uniqueness already holds; a second unique index
    // is not an ON CONFLICT arbiter and made concurrent first sightings of one person fail.
    await q.query(`ALTER TABLE person DROP CONSTRAINT person_pnc_id_key`);
    await q.query(`CREATE INDEX person_pnc_idx ON person (pnc_id)`);
    await q.query(`
      CREATE TABLE person_assertion (
        event_id      uuid NOT NULL, -- as event_stream: same transaction as the event, no FK check per row
        role          text NOT NULL,
        person_id     uuid NOT NULL,
        source        text NOT NULL,
        given_name    text NOT NULL,
        family_name   text NOT NULL,
        date_of_birth date,
        pnc_id        text,
        cro_number    text,
        address       jsonb,
        address_confidential boolean NOT NULL,
        asserted_at   timestamptz,
        received_at   timestamptz NOT NULL,
        PRIMARY KEY (event_id, role)
      )`);
    await q.query(`CREATE INDEX person_assertion_person_idx ON person_assertion (person_id)`);

    await q.query(`ALTER TABLE protective_order ADD COLUMN case_urn text,
                   ADD COLUMN exclusion_zones jsonb NOT NULL DEFAULT '[]',
                   ADD COLUMN ended text,
                   ADD COLUMN ended_at timestamptz,
                   ADD COLUMN ended_reason text,
                   ADD COLUMN versions jsonb NOT NULL DEFAULT '[]',
                   ADD COLUMN breach_refs text[] NOT NULL DEFAULT '{}'`);
    await q.query(
      `CREATE INDEX protective_order_protected_idx ON protective_order USING gin (protected_person_ids)`,
    );

    await q.query(`ALTER TABLE timeline_entry DROP CONSTRAINT timeline_entry_pkey`);
    await q.query(`UPDATE timeline_entry SET aggregate = 'order:' || aggregate`);
    await q.query(`ALTER TABLE timeline_entry ADD PRIMARY KEY (aggregate, event_id)`);
    // The primary key serves every timeline read; the old (aggregate, received_at) index only cost writes,
    // and so did the per-row foreign-key check (entries are written with their event, by the projector).
    await q.query(`DROP INDEX timeline_entry_aggregate_idx`);
    // Nothing reads events by subject (streams do that); the index only cost every insert.
    await q.query(`DROP INDEX event_store_subject_idx`);
    await q.query(`ALTER TABLE timeline_entry DROP CONSTRAINT timeline_entry_event_id_fkey`);

    await q.query(`
      CREATE TABLE bail (
        bail_id     uuid PRIMARY KEY,
        bail_ref    text NOT NULL UNIQUE,
        granted     boolean NOT NULL,
        kind        text,
        case_urn    text,
        police_area text,
        person_id   uuid,
        status      text NOT NULL,
        return_on   date,
        state       jsonb NOT NULL,
        version     integer NOT NULL,
        updated_at  timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX bail_person_idx ON bail (person_id)`);

    await q.query(`
      CREATE TABLE notice (
        notice_id   uuid PRIMARY KEY,
        notice_ref  text NOT NULL UNIQUE,
        issued      boolean NOT NULL,
        case_urn    text,
        police_area text,
        perpetrator_id uuid,
        protected_person_ids uuid[] NOT NULL DEFAULT '{}',
        state       jsonb NOT NULL,
        version     integer NOT NULL,
        updated_at  timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX notice_perpetrator_idx ON notice (perpetrator_id)`);

    await q.query(`
      CREATE TABLE case_record (
        case_id        uuid PRIMARY KEY,
        case_urn       text NOT NULL UNIQUE,
        police_area    text,
        domestic_abuse boolean,
        stage          text NOT NULL,
        detail         jsonb NOT NULL,
        version        integer NOT NULL,
        updated_at     timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE case_party (
        case_id   uuid NOT NULL REFERENCES case_record (case_id),
        person_id uuid NOT NULL,
        role      text NOT NULL,
        PRIMARY KEY (case_id, person_id, role)
      )`);
    await q.query(`CREATE INDEX case_party_person_idx ON case_party (person_id)`);

    await q.query(`
      CREATE TABLE deadline (
        deadline_id uuid PRIMARY KEY,
        stream_key  text NOT NULL,
        rule_id     text NOT NULL,
        description text NOT NULL,
        citation    text NOT NULL,
        verified    boolean NOT NULL,
        due_on      date,
        due_at      timestamptz,
        police_area text,
        subject_ref text NOT NULL,
        started_by  uuid NOT NULL,
        met_by      uuid
      )`);
    await q.query(`CREATE INDEX deadline_stream_idx ON deadline (stream_key)`);
    await q.query(`CREATE INDEX deadline_area_idx ON deadline (police_area, due_on)`);

    await q.query(`
      CREATE TABLE alert (
        alert_id    uuid PRIMARY KEY,
        stream_key  text NOT NULL,
        kind        text NOT NULL,
        message     text NOT NULL,
        citation    text,
        police_area text,
        subject_ref text NOT NULL,
        raised_by   uuid NOT NULL,
        raised_at   timestamptz
      )`);
    await q.query(`CREATE INDEX alert_stream_idx ON alert (stream_key)`);
    await q.query(`CREATE INDEX alert_area_idx ON alert (police_area)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'alert',
      'deadline',
      'case_party',
      'case_record',
      'notice',
      'bail',
      'person_assertion',
    ])
      await q.query(`DROP TABLE ${table}`);
    await q.query(`ALTER TABLE timeline_entry DROP CONSTRAINT timeline_entry_pkey`);
    await q.query(
      `UPDATE timeline_entry SET aggregate = substr(aggregate, 7) WHERE aggregate LIKE 'order:%'`,
    );
    await q.query(`ALTER TABLE timeline_entry ADD PRIMARY KEY (event_id)`);
    await q.query(
      `ALTER TABLE timeline_entry ADD CONSTRAINT timeline_entry_event_id_fkey FOREIGN KEY (event_id) REFERENCES event_store (event_id)`,
    );
    await q.query(`CREATE INDEX timeline_entry_aggregate_idx ON timeline_entry (aggregate, received_at)`);
    await q.query(`CREATE INDEX event_store_subject_idx ON event_store (subject)`);
    await q.query(`DROP INDEX protective_order_protected_idx`);
    await q.query(`ALTER TABLE protective_order DROP COLUMN case_urn, DROP COLUMN exclusion_zones, DROP COLUMN ended,
                   DROP COLUMN ended_at, DROP COLUMN ended_reason, DROP COLUMN versions, DROP COLUMN breach_refs`);
    await q.query(`DROP INDEX person_name_key_idx`);
    await q.query(`DROP INDEX person_pnc_idx`);
    await q.query(`ALTER TABLE person ADD CONSTRAINT person_pnc_id_key UNIQUE (pnc_id)`);
    await q.query(`ALTER TABLE person DROP COLUMN cro_number, DROP COLUMN identity_basis, DROP COLUMN first_seen_at,
                   DROP COLUMN first_seen_role`);
    await q.query(`DROP TABLE event_stream`);
  }
}
