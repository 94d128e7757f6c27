import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * People whose links must be scored again (docs/person-linkage.md, "Scoring new sightings"): the
 * projector adds a person here in the batch that writes its row, and the link scorer takes them off
 * after its own transaction has scored them, so scoring never holds up a projector batch and a person
 * whose scoring failed stays queued. Part of the projections (a rebuild empties it and scores
 * everyone before it commits).
 */
export class PersonLinkPending1766059200000 implements MigrationInterface {
  name = 'PersonLinkPending1766059200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE person_link_pending (person_id uuid PRIMARY KEY)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE person_link_pending`);
  }
}
