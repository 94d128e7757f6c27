import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Reviewers' decisions on scored person links (docs/person-linkage.md): one row per decision, the pair
 * ordered (person_a < person_b). The decision that stands for a pair is its latest. Projected from the
 * uk.shieldline.police.person.link.decided.v1 events (ProjectionRepository.recordLinkDecisions), so a
 * rebuild makes it again and a link rejected stays rejected after a replay.
 */
export class PersonLinkDecisions1765800000000 implements MigrationInterface {
  name = 'PersonLinkDecisions1765800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE person_link_decision (
        decision_id  uuid PRIMARY KEY,
        person_a     uuid NOT NULL,
        person_b     uuid NOT NULL,
        decision     text NOT NULL CHECK (decision IN ('SAME_PERSON', 'DIFFERENT_PEOPLE', 'UNDECIDED')),
        reason       text NOT NULL CHECK (length(btrim(reason)) > 0),
        decided_by   text NOT NULL,
        police_area  text NOT NULL,
        decided_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
        CHECK (person_a < person_b)
      )`);
    await q.query(
      `CREATE INDEX person_link_decision_pair_idx ON person_link_decision (person_a, person_b, decided_at DESC)`,
    );
    await q.query(`CREATE INDEX person_link_decision_b_idx ON person_link_decision (person_b)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE person_link_decision`);
  }
}
