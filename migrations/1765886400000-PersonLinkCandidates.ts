import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Scored person links found by the projector when it projects a sighting (docs/person-linkage.md,
 * "Scoring new sightings"): one row per pair the blocks bring together that scores LINKED or CANDIDATE,
 * the pair ordered (person_a < person_b). A projection: rebuilt from the event store with the people,
 * so it holds no time of its own (a pair waits since its people were received, in person_assertion).
 * Existing hubs fill it with `shieldline projections rebuild`.
 */
export class PersonLinkCandidates1765886400000 implements MigrationInterface {
  name = 'PersonLinkCandidates1765886400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE person_link_candidate (
        person_a           uuid NOT NULL,
        person_b           uuid NOT NULL,
        verdict            text NOT NULL CHECK (verdict IN ('LINKED', 'CANDIDATE')),
        match_weight       double precision NOT NULL,
        match_probability  double precision NOT NULL CHECK (match_probability BETWEEN 0 AND 1),
        parameters_version text NOT NULL,
        PRIMARY KEY (person_a, person_b),
        CHECK (person_a < person_b)
      )`);
    await q.query(`CREATE INDEX person_link_candidate_b_idx ON person_link_candidate (person_b)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE person_link_candidate`);
  }
}
