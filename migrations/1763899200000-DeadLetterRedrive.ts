import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** Re-drive bookkeeping: a dead letter keeps what happened when an operator sent it through again. */
export class DeadLetterRedrive1763899200000 implements MigrationInterface {
  name = 'DeadLetterRedrive1763899200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE dead_letter
        ADD COLUMN redriven_at timestamptz,
        ADD COLUMN redriven_by text,
        ADD COLUMN redrive_outcome text,
        ADD COLUMN redrive_event_ids uuid[],
        ADD COLUMN redrive_dead_letter_id uuid`);
    await q.query(`CREATE INDEX dead_letter_open_idx ON dead_letter (received_at) WHERE redriven_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX dead_letter_open_idx`);
    await q.query(`
      ALTER TABLE dead_letter
        DROP COLUMN redriven_at, DROP COLUMN redriven_by, DROP COLUMN redrive_outcome,
        DROP COLUMN redrive_event_ids, DROP COLUMN redrive_dead_letter_id`);
  }
}
