import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The functions are PL/pgSQL, not SQL: a SQL function that cannot be inlined is planned again on every
 * call of the statement using it, which cost the officer search a third of its throughput; PL/pgSQL keeps
 * each plan for the session.
 *
 * Access labels computed from the rows themselves at read time (src/security/access-policy.ts): the police
 * area of a stream and the PPDA restriction of its case. Being computed when read, a case marked
 * police-perpetrated later restricts every record of it at once: its bail, notices, orders, clocks,
 * alerts and every timeline entry of its events, wherever they are listed (a person's timeline too).
 */
export class AccessLabels1764417600000 implements MigrationInterface {
  name = 'AccessLabels1764417600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION stream_case_urn(stream text) RETURNS text LANGUAGE plpgsql STABLE AS $$
        BEGIN RETURN (SELECT CASE
          WHEN stream LIKE 'case:%' THEN substr(stream, 6)
          WHEN stream LIKE 'bail:%' THEN (SELECT case_urn FROM bail WHERE bail_ref = substr(stream, 6))
          WHEN stream LIKE 'notice:%' THEN (SELECT case_urn FROM notice WHERE notice_ref = substr(stream, 8))
          WHEN stream LIKE 'order:%' THEN
            (SELECT case_urn FROM protective_order WHERE order_ref = substr(stream, 7))
        END); END $$`);
    await q.query(`
      CREATE FUNCTION case_restricted_to(urn text) RETURNS text LANGUAGE plpgsql STABLE AS $$
        BEGIN RETURN (SELECT upper(nullif(trim(detail->>'accusedForce'), '')) FROM case_record WHERE case_urn = urn); END $$`);
    // DAC:1394 asks that the accused force be kept from the victim's records: every record naming a
    // party of a PPDA case (the victim, the accused) is restricted too, not only the case's own streams.
    await q.query(`
      CREATE FUNCTION person_restricted_to(person uuid) RETURNS text LANGUAGE plpgsql STABLE AS $$
        BEGIN RETURN (SELECT max(upper(nullif(trim(c.detail->>'accusedForce'), '')))
          FROM case_party p JOIN case_record c ON c.case_id = p.case_id
          WHERE p.person_id = person AND c.detail->>'accusedForce' IS NOT NULL); END $$`);
    // PPDA cases are few: a person's cases are joined to them through this index (the planner cannot
    // estimate the marker's rarity, so queries are written to start from case_party).
    await q.query(`CREATE INDEX case_record_ppda_idx ON case_record (case_id)
                   WHERE detail->>'accusedForce' IS NOT NULL`);
    await q.query(`
      CREATE FUNCTION people_restricted_to(people uuid[]) RETURNS text LANGUAGE plpgsql STABLE AS $$
        BEGIN RETURN (SELECT max(person_restricted_to(x)) FROM unnest(people) x); END $$`);
    await q.query(`
      CREATE FUNCTION stream_restricted_to(stream text) RETURNS text LANGUAGE plpgsql STABLE AS $$
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
          ELSE case_restricted_to(stream_case_urn(stream))
        END); END $$`);
    await q.query(`
      CREATE FUNCTION stream_police_area(stream text) RETURNS text LANGUAGE plpgsql STABLE AS $$
        BEGIN RETURN (SELECT upper(CASE
          WHEN stream LIKE 'case:%' THEN (SELECT police_area FROM case_record WHERE case_urn = substr(stream, 6))
          WHEN stream LIKE 'bail:%' THEN (SELECT police_area FROM bail WHERE bail_ref = substr(stream, 6))
          WHEN stream LIKE 'notice:%' THEN
            (SELECT police_area FROM notice WHERE notice_ref = substr(stream, 8))
          WHEN stream LIKE 'order:%' THEN
            (SELECT police_area FROM protective_order WHERE order_ref = substr(stream, 7))
        END)); END $$`);
    // An event sits on several timelines (an order's and its case's): it is restricted when any is.
    await q.query(`CREATE INDEX timeline_entry_event_idx ON timeline_entry (event_id)`);
    await q.query(`
      CREATE FUNCTION event_restricted_to(event uuid) RETURNS text LANGUAGE plpgsql STABLE AS $$
        BEGIN RETURN (SELECT greatest(
          (SELECT max(stream_restricted_to(aggregate)) FROM timeline_entry WHERE event_id = event),
          (SELECT max(person_restricted_to(person_id)) FROM person_assertion WHERE event_id = event))); END $$`);
    await q.query(`
      CREATE FUNCTION event_police_area(event uuid) RETURNS text LANGUAGE plpgsql STABLE AS $$
        BEGIN RETURN (SELECT max(stream_police_area(aggregate)) FROM timeline_entry WHERE event_id = event); END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION event_police_area(uuid)`);
    await q.query(`DROP FUNCTION event_restricted_to(uuid)`);
    await q.query(`DROP INDEX timeline_entry_event_idx`);
    await q.query(`DROP FUNCTION stream_police_area(text)`);
    await q.query(`DROP FUNCTION stream_restricted_to(text)`);
    await q.query(`DROP FUNCTION people_restricted_to(uuid[])`);
    await q.query(`DROP FUNCTION person_restricted_to(uuid)`);
    await q.query(`DROP INDEX case_record_ppda_idx`);
    await q.query(`DROP FUNCTION case_restricted_to(text)`);
    await q.query(`DROP FUNCTION stream_case_urn(text)`);
  }
}
