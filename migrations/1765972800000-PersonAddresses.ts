import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The addresses of each person, for the ADDRESS comparison of scored linkage (docs/person-linkage.md,
 * "Addresses"): one key per address (compact postcode, "|", the first line normalised), sorted, from
 * every assertion whose address is not confidential. A refuge or safe-house address never enters this
 * column, so no score can be derived from it. Part of the person projection: existing hubs fill it with
 * `shieldline projections rebuild`.
 */
export class PersonAddresses1765972800000 implements MigrationInterface {
  name = 'PersonAddresses1765972800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE person ADD COLUMN addresses text[] NOT NULL DEFAULT '{}'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE person DROP COLUMN addresses`);
  }
}
