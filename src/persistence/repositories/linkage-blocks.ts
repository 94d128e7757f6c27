import { type MatchablePerson } from '../../domain/person-matching';
import { type PersonRow } from '../tables';

/*
 * The blocks of scored person linkage (docs/person-linkage.md, "Blocking"), written once for the three
 * statements that pair people: the link scorer's scoring of new sightings, `possibleMatches` and the
 * review queue. Each is an index scan (person_date_of_birth_idx, person_family_phonetic_idx).
 */

/** The generated Double Metaphone columns of person (migration PersonLinkage). */
export interface PhoneticRow {
  family_phonetic: string | null;
  given_phonetic: string | null;
}

/** A person row with its phonetic codes and the addresses of its non-confidential addresses: what the scoring reads. */
export type LinkageRow = PersonRow & PhoneticRow & { addresses: string[] | null };

/** The columns of a person as an anchor of the blocks: its own, plus `id`, `dob` and `swapped` for the join. */
export const ANCHOR_COLUMNS = `person_id::text, person_id AS id, given_name, family_name,
  to_char(date_of_birth, 'YYYY-MM-DD') AS date_of_birth, date_of_birth AS dob, pnc_id, cro_number,
  family_phonetic, given_phonetic, addresses,
  CASE WHEN extract(day FROM date_of_birth) <= 12
       THEN make_date(extract(year FROM date_of_birth)::int, extract(day FROM date_of_birth)::int,
                      extract(month FROM date_of_birth)::int) END AS swapped`;

/** An anchor (selected with ANCHOR_COLUMNS as `a`) as one JSON value, read back by toMatchable. */
export const ANCHOR_JSON = (a: string) =>
  `json_build_object('person_id', ${a}.person_id, 'given_name', ${a}.given_name, 'family_name', ${a}.family_name,
     'date_of_birth', ${a}.date_of_birth, 'pnc_id', ${a}.pnc_id, 'cro_number', ${a}.cro_number,
     'family_phonetic', ${a}.family_phonetic, 'given_phonetic', ${a}.given_phonetic, 'addresses', ${a}.addresses)`;

/** A person's own columns, as the scoring reads them. */
export const LINKAGE_COLUMNS = (o: string) =>
  `${o}.person_id::text, ${o}.given_name, ${o}.family_name, to_char(${o}.date_of_birth, 'YYYY-MM-DD') AS date_of_birth,
   ${o}.pnc_id, ${o}.cro_number, ${o}.family_phonetic, ${o}.given_phonetic, ${o}.addresses`;

/**
 * The ids of the people in one of the anchor `a`'s blocks (a.id itself among them; callers drop it): the
 * same date of birth or its day and month swapped, whatever the names; the surname's sound with a date
 * missing on either side or a digit apart; the same CRO number. (The same PNC id is the same person id:
 * no pair.) A union of one index scan per block (person_date_of_birth_idx, person_family_phonetic_idx,
 * person_cro_number_idx), which a caller may extend with UNION and joins to person by its key: the same
 * conditions joined by OR in one WHERE are read by scanning the whole table once per anchor.
 */
export const BLOCKED_IDS = (a: string) =>
  `SELECT b.person_id FROM person b WHERE b.date_of_birth = ${a}.dob
   UNION SELECT b.person_id FROM person b WHERE b.date_of_birth = ${a}.swapped
   UNION SELECT b.person_id FROM person b
         WHERE b.family_phonetic = ${a}.family_phonetic AND (
               b.date_of_birth IS NULL OR ${a}.dob IS NULL
            -- one digit of eight apart: equal lengths, so Levenshtein 1 is one substitution (fuzzystrmatch)
            OR levenshtein(to_char(b.date_of_birth, 'YYYYMMDD'), to_char(${a}.dob, 'YYYYMMDD')) = 1)
   UNION SELECT b.person_id FROM person b WHERE ${a}.cro_number IS NOT NULL AND b.cro_number = ${a}.cro_number`;

/**
 * Everyone in the anchor `a`'s blocks but `a`, as person rows named `o`: a FROM item. Each row is read
 * by its key (a LATERAL lookup; the LIMIT keeps the planner from flattening it), whatever it estimates
 * of a table still growing: with stale statistics it hashed the ids against a scan of every person.
 */
export const BLOCKED_PEOPLE = (o: string, a: string) => PEOPLE_BY_ID(o, a, BLOCKED_IDS(a));

/** The people whose ids `ids` (a query with one person_id column) selects, but `a`, each read by its key. */
export const PEOPLE_BY_ID = (o: string, a: string, ids: string) =>
  `(${ids}) AS blocked CROSS JOIN LATERAL (
     SELECT * FROM person p WHERE p.person_id = blocked.person_id AND p.person_id <> ${a}.id LIMIT 1) ${o}`;

export function toMatchable(r: LinkageRow): MatchablePerson {
  return {
    phonetic: { family: r.family_phonetic ?? '', given: r.given_phonetic ?? '' },
    personId: r.person_id,
    givenName: r.given_name,
    familyName: r.family_name,
    dateOfBirth: r.date_of_birth,
    pncId: r.pnc_id,
    croNumber: r.cro_number,
    addresses: r.addresses ?? [],
  };
}

/**
 * Each anchor (the people `anchorsSql` selects, a query over person) with everyone in its blocks, at
 * most `perAnchor` each (the first by id): one statement. One object per anchor, so the scoring prepares
 * its names once (comparisons.ts caches per record).
 */
export async function readBlocks(
  db: { query<T>(sql: string, parameters?: unknown[]): Promise<T> },
  anchorsSql: string,
  parameters: unknown[],
  perAnchor: number,
): Promise<{ anchor: MatchablePerson; other: MatchablePerson }[]> {
  const rows = await db.query<(LinkageRow & { anchor: LinkageRow })[]>(
    `WITH a AS (SELECT ${ANCHOR_COLUMNS} FROM person ${anchorsSql})
     SELECT ${ANCHOR_JSON('a')} AS anchor, o.*
     FROM a CROSS JOIN LATERAL (
       SELECT ${LINKAGE_COLUMNS('o')} FROM ${BLOCKED_PEOPLE('o', 'a')}
       ORDER BY o.person_id LIMIT ${Math.trunc(perAnchor)}) o`,
    parameters,
  );
  const anchors = new Map<string, MatchablePerson>();
  return rows.map((r) => {
    let anchor = anchors.get(r.anchor.person_id);
    if (!anchor) anchors.set(r.anchor.person_id, (anchor = toMatchable(r.anchor)));
    return { anchor, other: toMatchable(r) };
  });
}
