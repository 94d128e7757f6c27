import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Each clock transition the hub raised (src/domain/rules/clock-transitions.ts): a fact of the hub's own,
 * like an acknowledgement, so it is not a projection and a rebuild keeps it. Its key makes a transition
 * fire once whatever the job queue does (a job retried after a crash, two replicas, a restart): the
 * second insert finds the first. It holds the alert it raised, so a re-fold of the stream keeps that
 * alert and a rebuild restores it. The timers themselves live in pg-boss's own schema (`pgboss`), which
 * pg-boss creates and migrates at start.
 */
export class ClockTransitions1764936000000 implements MigrationInterface {
  name = 'ClockTransitions1764936000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE clock_transition (
        clock_id    uuid NOT NULL,
        transition  text NOT NULL CHECK (transition IN ('DUE_SOON', 'DUE', 'OVERDUE')),
        due_instant timestamptz NOT NULL,
        rule_id     text NOT NULL,
        stream_key  text NOT NULL,
        alert_id    uuid NOT NULL UNIQUE,
        kind        text NOT NULL,
        message     text NOT NULL,
        citation    text,
        police_area text,
        subject_ref text NOT NULL,
        raised_by   uuid NOT NULL,
        fired_at    timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (clock_id, transition, due_instant)
      )`);
    await q.query(`CREATE INDEX clock_transition_stream_idx ON clock_transition (stream_key)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE clock_transition`);
  }
}
