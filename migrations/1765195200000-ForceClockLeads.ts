import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * A force's own lead times for its clocks' DUE_SOON (rule id → minutes; 0 = no due-soon), over the
 * deployment's (CLOCK_DUE_SOON_LEAD) and the rules' defaults — set by the force's administrator in the
 * database, not in the environment.
 */
export class ForceClockLeads1765195200000 implements MigrationInterface {
  name = 'ForceClockLeads1765195200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE force_setting ADD COLUMN due_soon_leads jsonb NOT NULL DEFAULT '{}'::jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE force_setting DROP COLUMN due_soon_leads`);
  }
}
