import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * A digest of each event's content (data and source time), so a record re-sent under a new transport id
 * (middleware that mints its own message ids) is recognised as the event already held: same connector,
 * type, subject and content ⇒ the same event. Computed by PostgreSQL from the stored envelope (jsonb's
 * text form is canonical: key order and spacing do not change it). Not unique: stores written before
 * this may already hold such duplicates, and they stay as they were recorded.
 */
export class EventContentDigest1764849600000 implements MigrationInterface {
  name = 'EventContentDigest1764849600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE event_store ADD COLUMN content_digest text GENERATED ALWAYS AS (
        md5(coalesce((envelope::jsonb -> 'data')::text, '') || '|' || coalesce(envelope::jsonb ->> 'time', ''))
      ) STORED`);
    await q.query(
      `CREATE INDEX event_store_content_idx ON event_store (source, type, subject, content_digest)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX event_store_content_idx`);
    await q.query(`ALTER TABLE event_store DROP COLUMN content_digest`);
  }
}
