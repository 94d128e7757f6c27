import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Reconciliation: a source posts a daily manifest of the records it sent (id, version, type); the hub
 * compares it with the events it holds from that source and keeps each run's result. The event store
 * gains the source's own record id and version of each event (CloudEvent extensions `sourcerecordid`,
 * `sourceversion`) so the comparison is an index lookup, not a scan of envelopes.
 */
export class Reconciliation1764676800000 implements MigrationInterface {
  name = 'Reconciliation1764676800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE event_store ADD COLUMN source_record_id text, ADD COLUMN source_version text`);
    // Events stored before had the version in their envelope, but not the record id.
    await q.query(`UPDATE event_store SET source_version = envelope->>'sourceversion'`);
    await q.query(
      `CREATE INDEX event_store_source_record_idx ON event_store (source, source_record_id)
       WHERE source_record_id IS NOT NULL`,
    );
    await q.query(`CREATE INDEX event_store_source_received_idx ON event_store (source, received_at)`);
    await q.query(`
      CREATE TABLE reconciliation_manifest (
        connector    text NOT NULL,
        day          date NOT NULL,
        records      jsonb NOT NULL,
        submitted_by text NOT NULL,
        submitted_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (connector, day)
      )`);
    await q.query(`
      CREATE TABLE reconciliation_run (
        run_id           uuid PRIMARY KEY,
        connector        text NOT NULL,
        day              date NOT NULL,
        ran_at           timestamptz NOT NULL DEFAULT now(),
        ran_by           text NOT NULL,
        manifest_records integer NOT NULL,
        matched          integer NOT NULL,
        missing          integer NOT NULL,
        extra            integer NOT NULL,
        changed          integer NOT NULL,
        differences      jsonb NOT NULL
      )`);
    await q.query(
      `CREATE INDEX reconciliation_run_day_idx ON reconciliation_run (connector, day, ran_at DESC)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE reconciliation_run`);
    await q.query(`DROP TABLE reconciliation_manifest`);
    await q.query(`DROP INDEX event_store_source_received_idx`);
    await q.query(`DROP INDEX event_store_source_record_idx`);
    await q.query(`ALTER TABLE event_store DROP COLUMN source_record_id, DROP COLUMN source_version`);
  }
}
