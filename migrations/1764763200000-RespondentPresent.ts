import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Whether the respondent was present when an order was made (court results say so): such an order binds
 * from its making, with no service. null when the source did not say — kept distinct from false.
 */
export class RespondentPresent1764763200000 implements MigrationInterface {
  name = 'RespondentPresent1764763200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE protective_order ADD COLUMN respondent_present boolean`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE protective_order DROP COLUMN respondent_present`);
  }
}
