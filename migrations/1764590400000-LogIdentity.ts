import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * A read position is bound to the log it was read from. The projector stores, with each partition's
 * next offset, the log's identity (Kafka cluster id, or the table log's id made here) and a digest of the
 * last message it read, so a recreated or truncated log is detected instead of silently skipped; a
 * partition refused for that reason is marked halted until an operator re-seeds it.
 */
export class LogIdentity1764590400000 implements MigrationInterface {
  name = 'LogIdentity1764590400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE event_log_identity (
        singleton  boolean PRIMARY KEY DEFAULT true CHECK (singleton),
        log_id     uuid NOT NULL DEFAULT gen_random_uuid(),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`INSERT INTO event_log_identity DEFAULT VALUES`);
    await q.query(`
      ALTER TABLE consumer_offset
        ADD COLUMN log_id        text,
        ADD COLUMN last_digest   text,
        ADD COLUMN halted_reason text,
        ADD COLUMN halted_at     timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE consumer_offset
        DROP COLUMN log_id, DROP COLUMN last_digest, DROP COLUMN halted_reason, DROP COLUMN halted_at`);
    await q.query(`DROP TABLE event_log_identity`);
  }
}
