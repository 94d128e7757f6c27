import {
  areNicknames,
  canonicalSurname,
  foldName,
  forenameTokens,
  jaroWinkler,
  surnameParts,
} from './name-forms';

/**
 * Comparison levels per field, in the Fellegi–Sunter way (as Splink builds them): each pair of records
 * gets exactly one level per field, the first in the list that holds. MISSING (a value absent on either
 * side) carries no evidence either way: a missing value stays missing, it never counts as agreement.
 */
export const LEVELS = {
  PNC_ID: ['AGREE', 'DISAGREE', 'MISSING'],
  CRO_NUMBER: ['AGREE', 'DISAGREE', 'MISSING'],
  SURNAME: [
    'EXACT',
    'VARIANT',
    'SWAPPED_WITH_FORENAMES',
    'SOUNDS_OR_SPELT_ALIKE',
    'SIMILAR',
    'DISAGREE',
    'MISSING',
  ],
  FORENAMES: [
    'EXACT',
    'ONE_FORENAME_AGREES',
    'NICKNAME',
    'SOUNDS_OR_SPELT_ALIKE',
    'INITIAL',
    'COUNTED_WITH_SURNAME',
    'DISAGREE',
    'MISSING',
  ],
  DATE_OF_BIRTH: ['EXACT', 'DAY_MONTH_SWAPPED', 'ONE_DIGIT_OFF', 'SAME_YEAR', 'DISAGREE', 'MISSING'],
  ADDRESS: ['SAME_ADDRESS', 'SAME_POSTCODE', 'SAME_SECTOR', 'SAME_DISTRICT', 'DISAGREE', 'MISSING'],
} as const;

export type LinkageField = keyof typeof LEVELS;
export type LevelOf<F extends LinkageField> = (typeof LEVELS)[F][number];
export const LINKAGE_FIELDS = Object.keys(LEVELS) as LinkageField[];

/** What a person record offers to linkage. */
export interface LinkageRecord {
  givenName: string;
  familyName: string;
  /** YYYY-MM-DD, or null when the source did not give it. */
  dateOfBirth: string | null;
  pncId: string | null;
  croNumber: string | null;
  /**
   * Double Metaphone codes of the surname and of the forenames, as PostgreSQL's fuzzystrmatch computes
   * them (the same codes the blocking index uses); absent, the phonetic levels fall back to spelling.
   */
  phonetic?: PhoneticCodes | null;
  /**
   * The addresses the sources gave for the person, each as an address key (see addressKey: the compact
   * postcode and the first line, normalised). Never a confidential (refuge / safe-house) address: those
   * stay out of linkage, so no score, reason or ranking can be derived from them. Absent or empty: MISSING.
   */
  addresses?: readonly string[] | null;
}

/** Double Metaphone codes of a surname and of the first forename ('' when a name has none). */
export interface PhoneticCodes {
  family: string;
  given: string;
}

export interface FieldComparison<F extends LinkageField = LinkageField> {
  field: F;
  level: LevelOf<F>;
  /** What was compared, for the officer: e.g. "McDonald ≈ MacDonald (Mc/Mac)". */
  detail: string;
}

/** Similarity above which two spellings are taken as one name mis-keyed (Splink's usual 0.92 / 0.88). */
const CLOSE = 0.92;
const NEAR = 0.88;

const blank = (s: string | null | undefined): boolean => !s || foldName(s).length === 0;

/** The spellings every comparison of a record needs, computed once per record (scoring is pairwise). */
interface PreparedNames {
  familyFolded: string;
  familyCanonical: string;
  familyParts: string[];
  givenCanonical: string;
  givenTokens: string[];
}

const prepared = new WeakMap<LinkageRecord, PreparedNames>();

function namesOf(r: LinkageRecord): PreparedNames {
  let names = prepared.get(r);
  if (!names) {
    names = {
      familyFolded: foldName(r.familyName).replace(/'/g, ''),
      familyCanonical: canonicalSurname(r.familyName),
      familyParts: surnameParts(r.familyName),
      givenCanonical: canonicalSurname(r.givenName),
      givenTokens: forenameTokens(r.givenName),
    };
    prepared.set(r, names);
  }
  return names;
}

function compareIdentifier(
  field: 'PNC_ID' | 'CRO_NUMBER',
  a: string | null,
  b: string | null,
): FieldComparison {
  if (blank(a) || blank(b)) return { field, level: 'MISSING', detail: 'not on both records' };
  const same = a!.trim().toUpperCase() === b!.trim().toUpperCase();
  return same
    ? { field, level: 'AGREE', detail: `same ${field === 'PNC_ID' ? 'PNC id' : 'CRO number'}` }
    : { field, level: 'DISAGREE', detail: `${a!} ≠ ${b!}` };
}

function namesSwapped(a: PreparedNames, b: PreparedNames): boolean {
  return (
    a.givenCanonical === b.familyCanonical &&
    a.familyCanonical === b.givenCanonical &&
    a.givenCanonical !== a.familyCanonical
  );
}

export function compareSurname(a: LinkageRecord, b: LinkageRecord): FieldComparison<'SURNAME'> {
  const field = 'SURNAME';
  const na = namesOf(a);
  const nb = namesOf(b);
  if (na.familyCanonical.length === 0 || nb.familyCanonical.length === 0)
    return { field, level: 'MISSING', detail: 'not on both' };
  const pair = `${a.familyName} / ${b.familyName}`;
  if (na.familyFolded === nb.familyFolded)
    return { field, level: 'EXACT', detail: `same surname (${a.familyName})` };
  const ca = na.familyCanonical;
  const cb = nb.familyCanonical;
  if (ca === cb)
    return { field, level: 'VARIANT', detail: `${pair}: one name written two ways (Mc/Mac, O', spacing)` };
  const pa = na.familyParts;
  const pb = nb.familyParts;
  if ((pa.length > 1 || pb.length > 1) && pa.some((p) => pb.includes(p)))
    return { field, level: 'VARIANT', detail: `${pair}: a part of a double-barrelled surname` };
  if (namesSwapped(na, nb))
    return { field, level: 'SWAPPED_WITH_FORENAMES', detail: `${pair}: forename and surname swapped` };
  const similarity = jaroWinkler(ca, cb);
  if (a.phonetic?.family && a.phonetic.family === b.phonetic?.family)
    return {
      field,
      level: 'SOUNDS_OR_SPELT_ALIKE',
      detail: `${pair}: sound alike (Double Metaphone ${a.phonetic.family})`,
    };
  if (similarity >= CLOSE)
    return {
      field,
      level: 'SOUNDS_OR_SPELT_ALIKE',
      detail: `${pair}: spelt alike (Jaro–Winkler ${similarity.toFixed(2)})`,
    };
  if (similarity >= NEAR)
    return { field, level: 'SIMILAR', detail: `${pair}: similar (Jaro–Winkler ${similarity.toFixed(2)})` };
  return { field, level: 'DISAGREE', detail: `${pair}: different` };
}

export function compareForenames(a: LinkageRecord, b: LinkageRecord): FieldComparison<'FORENAMES'> {
  const field = 'FORENAMES';
  const na = namesOf(a);
  const nb = namesOf(b);
  const ta = na.givenTokens;
  const tb = nb.givenTokens;
  if (ta.length === 0 || tb.length === 0) return { field, level: 'MISSING', detail: 'not on both' };
  const pair = `${a.givenName} / ${b.givenName}`;
  if (ta.join(' ') === tb.join(' '))
    return { field, level: 'EXACT', detail: `same forenames (${a.givenName})` };
  if (namesSwapped(na, nb))
    return { field, level: 'COUNTED_WITH_SURNAME', detail: 'swapped with the surname (counted there)' };
  const fullA = ta.filter((t) => t.length > 1);
  const fullB = tb.filter((t) => t.length > 1);
  if (fullA.some((t) => fullB.includes(t)))
    return { field, level: 'ONE_FORENAME_AGREES', detail: `${pair}: a forename in common` };
  if (fullA.some((x) => fullB.some((y) => areNicknames(x, y))))
    return { field, level: 'NICKNAME', detail: `${pair}: forms of one name` };
  const firstA = ta[0]!;
  const firstB = tb[0]!;
  const similarity = jaroWinkler(firstA, firstB);
  const soundAlike = !!a.phonetic?.given && a.phonetic.given === b.phonetic?.given;
  if (firstA.length > 1 && firstB.length > 1 && (soundAlike || similarity >= CLOSE))
    return {
      field,
      level: 'SOUNDS_OR_SPELT_ALIKE',
      detail: soundAlike
        ? `${pair}: sound alike (Double Metaphone ${a.phonetic!.given})`
        : `${pair}: spelt alike (Jaro–Winkler ${similarity.toFixed(2)})`,
    };
  if ((firstA.length === 1 || firstB.length === 1) && firstA[0] === firstB[0])
    return { field, level: 'INITIAL', detail: `${pair}: the initial agrees` };
  return { field, level: 'DISAGREE', detail: `${pair}: different` };
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function compareDateOfBirth(a: LinkageRecord, b: LinkageRecord): FieldComparison<'DATE_OF_BIRTH'> {
  const field = 'DATE_OF_BIRTH';
  const da = a.dateOfBirth ? ISO_DATE.exec(a.dateOfBirth) : null;
  const db = b.dateOfBirth ? ISO_DATE.exec(b.dateOfBirth) : null;
  if (!da || !db) return { field, level: 'MISSING', detail: 'not on both records' };
  const pair = `${a.dateOfBirth!} / ${b.dateOfBirth!}`;
  if (a.dateOfBirth === b.dateOfBirth)
    return { field, level: 'EXACT', detail: `same date (${a.dateOfBirth!})` };
  const [, ya, ma, dayA] = da;
  const [, yb, mb, dayB] = db;
  if (ya === yb && ma === dayB && dayA === mb)
    return { field, level: 'DAY_MONTH_SWAPPED', detail: `${pair}: day and month swapped` };
  const digitsA = `${ya}${ma}${dayA}`;
  const digitsB = `${yb}${mb}${dayB}`;
  let differing = 0;
  for (let i = 0; i < digitsA.length; i++) if (digitsA[i] !== digitsB[i]) differing++;
  if (differing === 1) return { field, level: 'ONE_DIGIT_OFF', detail: `${pair}: one digit differs` };
  if (ya === yb) return { field, level: 'SAME_YEAR', detail: `${pair}: the year only` };
  return { field, level: 'DISAGREE', detail: `${pair}: different` };
}

/** A postcode as linkage compares it: upper case, no spaces ("ls1 1aa" → "LS11AA"); null when blank. */
export function compactPostcode(postcode: string | null | undefined): string | null {
  const compact = (postcode ?? '').replace(/\s+/g, '').toUpperCase();
  return compact.length === 0 ? null : compact;
}

/**
 * A UK postcode's outward code (the district, "LS1") and sector ("LS1 1"): the inward code is always a
 * digit and two letters, so the split is certain once the shape is right. Null for anything else (a
 * partial or foreign postcode): such a value can only be compared whole.
 */
const UK_POSTCODE = /^([A-Z]{1,2}\d[A-Z\d]?)(\d)[A-Z]{2}$/;

function postcodeParts(compact: string): { district: string; sector: string } | null {
  const match = UK_POSTCODE.exec(compact);
  return match ? { district: match[1]!, sector: `${match[1]!} ${match[2]!}` } : null;
}

/** Street words as clerks abbreviate them, written out so "12 Harehills Ln" is "12 Harehills Lane". */
const STREET_WORDS: Readonly<Record<string, string>> = {
  RD: 'ROAD', ST: 'STREET', LN: 'LANE', AVE: 'AVENUE', AV: 'AVENUE', DR: 'DRIVE', CL: 'CLOSE',
  CRES: 'CRESCENT', CRESC: 'CRESCENT', PL: 'PLACE', SQ: 'SQUARE', TER: 'TERRACE', TERR: 'TERRACE',
  GDNS: 'GARDENS', GRN: 'GREEN', CT: 'COURT', GR: 'GROVE', GRO: 'GROVE', PK: 'PARK', WY: 'WAY',
}; // prettier-ignore

/**
 * An address as linkage compares it: the compact postcode, "|", and the first line in capitals with
 * punctuation dropped and street words written out ("12, Harehills Ln" → "12 HAREHILLS LANE"). Null
 * without a postcode. Only the key is kept for linkage; it is never shown.
 */
export function addressKey(
  line1: string | null | undefined,
  postcode: string | null | undefined,
): string | null {
  const compact = compactPostcode(postcode)?.replace(/[^A-Z0-9]/g, '');
  if (!compact) return null;
  const line = (line1 ?? '')
    .toUpperCase()
    .replace(/[^A-Z0-9 ]+/g, ' ')
    .split(/\s+/)
    .filter(Boolean)
    .map((word) => STREET_WORDS[word] ?? word)
    .join(' ');
  return `${compact}|${line}`;
}

const ADDRESS_RANK = ['SAME_ADDRESS', 'SAME_POSTCODE', 'SAME_SECTOR', 'SAME_DISTRICT', 'DISAGREE'] as const;

function addressLevel(x: string, y: string): number {
  if (x === y) return x.endsWith('|') ? 1 : 0; // a postcode alone agreeing is the postcode, not the address
  const [postcodeX = ''] = x.split('|');
  const [postcodeY = ''] = y.split('|');
  if (postcodeX === postcodeY) return 1;
  const px = postcodeParts(postcodeX);
  const py = postcodeParts(postcodeY);
  if (px && py && px.sector === py.sector) return 2;
  if (px && py && px.district === py.district) return 3;
  return 4;
}

/**
 * The closest any address of one record comes to any address of the other: a person moves, and each
 * source saw them at one address. The detail names the level only, never an address or postcode, so a
 * reason shown to an officer does not disclose where someone lives.
 */
export function compareAddresses(a: LinkageRecord, b: LinkageRecord): FieldComparison<'ADDRESS'> {
  const field = 'ADDRESS';
  const pa = (a.addresses ?? []).filter((k) => k.split('|')[0]);
  const pb = (b.addresses ?? []).filter((k) => k.split('|')[0]);
  if (pa.length === 0 || pb.length === 0)
    return { field, level: 'MISSING', detail: 'no address on one of the records' };
  let best = ADDRESS_RANK.length - 1;
  for (const x of pa) for (const y of pb) best = Math.min(best, addressLevel(x, y));
  const level = ADDRESS_RANK[best]!;
  const detail = {
    SAME_ADDRESS: 'the same address',
    SAME_POSTCODE: 'addresses in the same postcode',
    SAME_SECTOR: 'addresses in the same postcode sector',
    SAME_DISTRICT: 'addresses in the same postcode district',
    DISAGREE: 'addresses in different postcode districts',
  }[level];
  return { field, level, detail };
}

/** One level per field for the pair; symmetric in its arguments. */
export function compareRecords(a: LinkageRecord, b: LinkageRecord): FieldComparison[] {
  return [
    compareIdentifier('PNC_ID', a.pncId, b.pncId),
    compareIdentifier('CRO_NUMBER', a.croNumber, b.croNumber),
    compareSurname(a, b),
    compareForenames(a, b),
    compareDateOfBirth(a, b),
    compareAddresses(a, b),
  ];
}

/** The date and, when it is a date too, the date with day and month swapped. */
export function sameOrSwappedDates(dateOfBirth: string): string[] {
  const match = ISO_DATE.exec(dateOfBirth);
  if (!match) return [];
  const [, y, m, d] = match;
  return [...new Set([dateOfBirth, `${y}-${d}-${m}`])].filter(isCalendarDate);
}

/**
 * Dates a date-of-birth block should also look under for `dateOfBirth`: day and month swapped, and every
 * valid date one digit away — the errors the DATE_OF_BIRTH levels recognise.
 */
export function dateOfBirthVariants(dateOfBirth: string): string[] {
  const match = ISO_DATE.exec(dateOfBirth);
  if (!match) return [];
  const [, y, m, d] = match;
  const variants = new Set<string>([dateOfBirth, `${y}-${d}-${m}`]);
  const digits = `${y}${m}${d}`;
  for (let i = 0; i < digits.length; i++) {
    for (let digit = 0; digit <= 9; digit++) {
      const changed = `${digits.slice(0, i)}${digit}${digits.slice(i + 1)}`;
      variants.add(`${changed.slice(0, 4)}-${changed.slice(4, 6)}-${changed.slice(6)}`);
    }
  }
  return [...variants].filter(isCalendarDate).sort();
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isCalendarDate(iso: string): boolean {
  const year = Number(iso.slice(0, 4));
  const month = Number(iso.slice(5, 7));
  const day = Number(iso.slice(8, 10));
  if (year < 1850 || month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!);
}
