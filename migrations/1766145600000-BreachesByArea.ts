import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The control room's breaches of its area (`breachesInArea`), most recent first: one index range per
 * page instead of a scan of every breach.
 */
export class BreachesByArea1766145600000 implements MigrationInterface {
  name = 'BreachesByArea1766145600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX breach_area_recent_idx ON breach
         (police_area, (coalesce(occurred_at, reported_at, received_at)) DESC, breach_id DESC) WHERE reported`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX breach_area_recent_idx`);
  }
}
