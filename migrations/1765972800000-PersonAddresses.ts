import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The addresses of each person, for the ADDRESS comparison of scored linkage (docs/person-linkage.md,
 * "Addresses"): one key per address (compact postcode, "|", the first line normalised), sorted, from
 * every assertion whose address is not confidential. A refuge or safe-house address never enters this
 * column, so no score can be derived from it. Part of the person projection: existing hubs fill it with
 * `shieldline projections rebuild`. Also indexes the CRO number, the linkage block the others lacked (it
 * was read by scanning the table).
 */
export class PersonAddresses1765972800000 implements MigrationInterface {
  name = 'PersonAddresses1765972800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE person ADD COLUMN addresses text[] NOT NULL DEFAULT '{}'`);
    await q.query(`CREATE INDEX person_cro_number_idx ON person (cro_number) WHERE cro_number IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX person_cro_number_idx`);
    await q.query(`ALTER TABLE person DROP COLUMN addresses`);
  }
}
