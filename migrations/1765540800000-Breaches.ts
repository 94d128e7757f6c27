import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Breaches as records (docs/course-of-conduct.md): each reported breach of an order, bail or notice, with
 * who it was against and what the force did about it, so a perpetrator's breaches can be read together
 * (DAC:739: breaches "treated in isolation"). A projection: a rebuild re-folds it from the event store.
 * The label functions learn the breach stream (its own area and PPDA restriction) and a perpetrator's
 * course-of-conduct stream (the alerts raised on a repeat).
 */
export class Breaches1765540800000 implements MigrationInterface {
  name = 'Breaches1765540800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE breach (
        breach_id         uuid PRIMARY KEY,
        breach_ref        text NOT NULL UNIQUE,
        reported          boolean NOT NULL,
        police_area       text,
        breached_kind     text CHECK (breached_kind IN ('ORDER', 'BAIL', 'NOTICE')),
        breached_ref      text,
        case_urn          text,
        perpetrator_id    uuid,
        victim_id         uuid,
        crime_reference   text,
        description       text,
        occurred_at       timestamptz,
        reported_at       timestamptz,
        reported_by       text,
        outcomes          jsonb NOT NULL DEFAULT '[]'::jsonb,
        reported_event_id uuid,
        received_at       timestamptz,
        version           integer NOT NULL,
        updated_at        timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX breach_perpetrator_idx ON breach (perpetrator_id)`);
    await q.query(`CREATE INDEX breach_victim_idx ON breach (victim_id) WHERE victim_id IS NOT NULL`);
    await q.query(`CREATE INDEX breach_breached_idx ON breach (breached_kind, breached_ref)`);
    await this.labelFunctions(q, true);
  }

  async down(q: QueryRunner): Promise<void> {
    await this.labelFunctions(q, false);
    await q.query(`DROP TABLE breach`);
  }

  private async labelFunctions(q: QueryRunner, withBreaches: boolean): Promise<void> {
    const restricted = withBreaches
      ? `WHEN stream LIKE 'breach:%' THEN
            (SELECT coalesce(case_restricted_to(case_urn), people_restricted_to(ARRAY[perpetrator_id, victim_id]))
             FROM breach WHERE breach_ref = substr(stream, 8))
          WHEN stream LIKE 'conduct:%' THEN
            (SELECT max(coalesce(case_restricted_to(case_urn),
                                 people_restricted_to(ARRAY[perpetrator_id, victim_id])))
             FROM breach WHERE perpetrator_id = substr(stream, 9)::uuid)`
      : '';
    const area = withBreaches
      ? `WHEN stream LIKE 'breach:%' THEN (SELECT police_area FROM breach WHERE breach_ref = substr(stream, 8))`
      : '';
    await q.query(`
      CREATE OR REPLACE FUNCTION stream_restricted_to(stream text) RETURNS text LANGUAGE plpgsql STABLE AS $$
        BEGIN RETURN (SELECT CASE
          WHEN stream LIKE 'case:%' THEN case_restricted_to(substr(stream, 6))
          WHEN stream LIKE 'person:%' THEN person_restricted_to(substr(stream, 8)::uuid)
          WHEN stream LIKE 'bail:%' THEN
            (SELECT coalesce(case_restricted_to(case_urn), person_restricted_to(person_id))
             FROM bail WHERE bail_ref = substr(stream, 6))
          WHEN stream LIKE 'notice:%' THEN
            (SELECT coalesce(case_restricted_to(case_urn),
                             people_restricted_to(perpetrator_id || protected_person_ids))
             FROM notice WHERE notice_ref = substr(stream, 8))
          WHEN stream LIKE 'order:%' THEN
            (SELECT coalesce(case_restricted_to(case_urn),
                             people_restricted_to(respondent_id || protected_person_ids))
             FROM protective_order WHERE order_ref = substr(stream, 7))
          ${restricted}
          ELSE case_restricted_to(stream_case_urn(stream))
        END); END $$`);
    await q.query(`
      CREATE OR REPLACE FUNCTION stream_police_area(stream text) RETURNS text LANGUAGE plpgsql STABLE AS $$
        BEGIN RETURN (SELECT upper(CASE
          WHEN stream LIKE 'case:%' THEN (SELECT police_area FROM case_record WHERE case_urn = substr(stream, 6))
          WHEN stream LIKE 'bail:%' THEN (SELECT police_area FROM bail WHERE bail_ref = substr(stream, 6))
          WHEN stream LIKE 'notice:%' THEN
            (SELECT police_area FROM notice WHERE notice_ref = substr(stream, 8))
          WHEN stream LIKE 'order:%' THEN
            (SELECT police_area FROM protective_order WHERE order_ref = substr(stream, 7))
          ${area}
        END)); END $$`);
  }
}
