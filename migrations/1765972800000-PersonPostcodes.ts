import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The postcodes of each person's addresses, for the POSTCODE comparison of scored linkage
 * (docs/person-linkage.md, "Addresses"): compact and upper case, sorted, from every assertion whose
 * address is not confidential. A refuge or safe-house address never enters this column, so no score
 * can be derived from it. Part of the person projection: existing hubs fill it with
 * `shieldline projections rebuild`.
 */
export class PersonPostcodes1765972800000 implements MigrationInterface {
  name = 'PersonPostcodes1765972800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE person ADD COLUMN postcodes text[] NOT NULL DEFAULT '{}'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE person DROP COLUMN postcodes`);
  }
}
