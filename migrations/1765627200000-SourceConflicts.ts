import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Conflicting assertions between sources, kept on the order they are about (docs/versions-and-conflicts.md):
 * the fields on which two connectors' latest grants or services disagree, each value with its sources.
 * A projection: a rebuild re-folds it from the event store (until then an order shows none). A case keeps
 * its conflicts in its detail.
 */
export class SourceConflicts1765627200000 implements MigrationInterface {
  name = 'SourceConflicts1765627200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE protective_order ADD COLUMN conflicts jsonb NOT NULL DEFAULT '[]'::jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE protective_order DROP COLUMN conflicts`);
  }
}
