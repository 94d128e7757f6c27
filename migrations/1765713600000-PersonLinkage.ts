import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Blocking keys for scored person linkage (docs/person-linkage.md): the Double Metaphone codes of the
 * surname and of the first forename, from PostgreSQL's fuzzystrmatch (a trusted extension: the
 * database owner may create it). Generated columns, so every row has them — those written before this
 * migration included — and no writer can set them wrong. The indexes serve the two blocks of the
 * search: a date of birth (or its variants) and the surname's sound with a date of birth or none.
 */
export class PersonLinkage1765713600000 implements MigrationInterface {
  name = 'PersonLinkage1765713600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS fuzzystrmatch`);
    await q.query(`ALTER TABLE person
      ADD COLUMN family_phonetic text GENERATED ALWAYS AS (dmetaphone(family_name)) STORED,
      ADD COLUMN given_phonetic text GENERATED ALWAYS AS (dmetaphone(split_part(btrim(given_name), ' ', 1))) STORED`);
    await q.query(`CREATE INDEX person_date_of_birth_idx ON person (date_of_birth)`);
    await q.query(`CREATE INDEX person_family_phonetic_idx ON person (family_phonetic, date_of_birth)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX person_family_phonetic_idx`);
    await q.query(`DROP INDEX person_date_of_birth_idx`);
    await q.query(`ALTER TABLE person DROP COLUMN given_phonetic, DROP COLUMN family_phonetic`);
  }
}
