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
// Driven from case_party (indexed by person) into the PPDA cases (a partial index): the planner cannot
// estimate how few cases carry a PPDA marker, and given the choice it scans every case (measured: 1.1 ms
// a statement with 5,000 cases, against 0.1 ms this way).
export const peopleRestrictedTo = (people: string) =>
  `(SELECT max(${ACCUSED}) FROM case_party cp JOIN case_record c ON c.case_id = cp.case_id
    WHERE cp.person_id = ANY(${people}) AND c.detail->>'accusedForce' IS NOT NULL)`;
export const personRestrictedTo = (person: string) => peopleRestrictedTo(`ARRAY[${person}]`);
/** A record of a case (its URN, maybe null) about these people: the case's marker, else its people's. */
export const recordRestrictedTo = (urn: string, people: string) =>
  `coalesce((SELECT ${ACCUSED} FROM case_record c WHERE c.case_urn = ${urn}), ${peopleRestrictedTo(people)})`;
