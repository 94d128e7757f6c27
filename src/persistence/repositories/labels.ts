import { type RecordLabels } from '../../security/access-policy';
import { type RecordAccess } from '../../security/access-step';
import { type DataClass } from '../../security/entitlements';

/**
 * The labels of a row, as the read side's access step decides them (src/security/access-policy.ts).
 * `restricted_to` and areas come from the SQL functions of migration AccessLabels, computed when read.
 */
export function labelled(
  id: string,
  dataClass: DataClass,
  row: { police_area?: string | null; restricted_to?: string | null },
  confidentialAddress: boolean,
  personIds: readonly (string | null | undefined)[] = [],
): RecordAccess {
  const labels: RecordLabels = {
    dataClass,
    policeArea: row.police_area?.trim().toUpperCase() || null,
    restrictedTo: row.restricted_to?.trim().toUpperCase() || null,
    confidentialAddress,
  };
  return { id, labels, personIds: personIds.filter((p): p is string => typeof p === 'string') };
}

/**
 * The PPDA restriction as SQL expressions, for the hottest statements (the officer search and its
 * read-ahead): inlined, they are planned once with the prepared statement, where even a PL/pgSQL call per
 * row costs a function call each (the functions of migration AccessLabels serve the other reads). They
 * compute exactly what person_restricted_to / people_restricted_to (and, for a record of a case, their
 * coalesce with case_restricted_to) compute.
 */
const ACCUSED = `upper(nullif(trim(c.detail->>'accusedForce'), ''))`;
export const peopleRestrictedTo = (people: string) =>
  `(SELECT max(${ACCUSED}) FROM case_record c WHERE c.detail->>'accusedForce' IS NOT NULL
      AND EXISTS (SELECT 1 FROM case_party cp WHERE cp.case_id = c.case_id AND cp.person_id = ANY(${people})))`;
export const personRestrictedTo = (person: string) => peopleRestrictedTo(`ARRAY[${person}]`);
/** A record of a case (its URN, maybe null) about these people: one scan of the PPDA cases for both. */
export const recordRestrictedTo = (urn: string, people: string) =>
  `(SELECT max(${ACCUSED}) FROM case_record c WHERE c.detail->>'accusedForce' IS NOT NULL
      AND (c.case_urn = ${urn}
           OR EXISTS (SELECT 1 FROM case_party cp WHERE cp.case_id = c.case_id AND cp.person_id = ANY(${people}))))`;
