import { type PersonAssertionRecord } from './read-records';

export type AssertedField = 'givenName' | 'familyName' | 'dateOfBirth' | 'pncId' | 'croNumber' | 'postcode';

export interface AssertionConflict {
  field: AssertedField;
  /** Each distinct value (as first written), with the connectors that asserted it. */
  values: { value: string; sources: string[] }[];
}

const FIELDS: readonly AssertedField[] = [
  'givenName',
  'familyName',
  'dateOfBirth',
  'pncId',
  'croNumber',
  'postcode',
];

function valueOf(a: PersonAssertionRecord, field: AssertedField): string | null {
  if (field === 'postcode') return a.address?.postcode ?? null;
  return a[field];
}

/** Spelling that does not make a different value: case and spacing. */
function comparable(value: string): string {
  return value.trim().replace(/\s+/g, ' ').toUpperCase();
}

/**
 * The fields on which the sources disagree about one person, from the assertions the caller may see (so
 * it can name nothing the caller could not read). A value a source did not give is not a conflict;
 * "MacDonald" and "MACDONALD " are one value, "MacDonald" and "McDonald" two.
 */
export function conflictsAmong(assertions: readonly PersonAssertionRecord[]): AssertionConflict[] {
  const conflicts: AssertionConflict[] = [];
  for (const field of FIELDS) {
    const byValue = new Map<string, { value: string; sources: string[] }>();
    for (const a of assertions) {
      const value = valueOf(a, field);
      if (value === null || value.trim() === '') continue;
      const key = comparable(value);
      const entry = byValue.get(key) ?? { value, sources: [] };
      if (!entry.sources.includes(a.source)) entry.sources.push(a.source);
      byValue.set(key, entry);
    }
    if (byValue.size > 1) conflicts.push({ field, values: [...byValue.values()] });
  }
  return conflicts;
}
