import { type Problem, type RejectionReason } from './connector';
import { parseCsvRecord } from './readers';
import { hostileTextProblem } from './hostile-text';
import { parseJson } from './json-validation';

/**
 * Flat source records (a CSV row, or the same fields pushed as one JSON object): name → text. Shared by
 * connectors whose sources export tables. Refuses what a flat record must not carry: a column twice, a
 * column nobody defined, control characters, spreadsheet formulas (CSV injection), absurd sizes.
 */
export type FlatRecord = ReadonlyMap<string, string>;

export type FlatParse =
  { ok: true; record: FlatRecord } | { ok: false; reason: RejectionReason; problems: Problem[] };

/** Longest value accepted in one field: far beyond any real order condition, short of abuse (unverified). */
export const MAX_FIELD_CHARS = 20_000;
/** Largest single record, in bytes, for every connector (checked by the runtime's checkRecord). */
export const MAX_RECORD_BYTES = 256 * 1024;

const utf8 = () => new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
export function parseFlatRecord(bytes: Buffer, mediaType: string, columns: ReadonlySet<string>): FlatParse {
  const entries: [string, string][] = [];
  if (mediaType === 'text/csv') {
    let text: string;
    try {
      text = utf8().decode(bytes);
    } catch {
      return fail('UNPARSEABLE', '', 'row is not valid UTF-8 (export the file as UTF-8)');
    }
    const parsed = parseCsvRecord(text);
    if (!parsed.ok) return fail('UNPARSEABLE', '', parsed.message);
    if (parsed.cells.length !== parsed.header.length) {
      return fail(
        'UNPARSEABLE',
        '',
        `row has ${parsed.cells.length} fields, the header has ${parsed.header.length}`,
      );
    }
    parsed.header.forEach((name, i) => entries.push([name, parsed.cells[i]!]));
  } else {
    const parsed = parseJson(bytes);
    if (!parsed.ok) return { ok: false, reason: parsed.reason, problems: [parsed.problem] };
    const value = parsed.value;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return fail('SCHEMA_INVALID', '', 'must be one JSON object of field → text');
    }
    const wrongType: Problem[] = [];
    for (const [name, v] of Object.entries(value)) {
      if (v === null) continue;
      if (typeof v !== 'string') {
        wrongType.push({
          path: name,
          message: `must be text or null, got ${Array.isArray(v) ? 'array' : typeof v}`,
        });
        continue;
      }
      entries.push([name, v]);
    }
    if (wrongType.length > 0) return { ok: false, reason: 'SCHEMA_INVALID', problems: wrongType };
  }
  const record = new Map<string, string>();
  const problems: Problem[] = [];
  let forbidden = false;
  for (const [name, raw] of entries) {
    if (record.has(name)) return fail('UNPARSEABLE', name, 'column appears twice');
    if (!columns.has(name)) {
      problems.push({ path: name, message: 'is not a known column' });
      continue;
    }
    const value = raw.trim() === '' ? '' : raw;
    if (value.length > MAX_FIELD_CHARS) {
      problems.push({
        path: name,
        message: `is ${value.length} characters; the limit is ${MAX_FIELD_CHARS}`,
      });
    } else {
      const hostile = hostileTextProblem(value);
      if (hostile) {
        forbidden = true;
        problems.push({ path: name, message: hostile });
      }
    }
    record.set(name, value);
  }
  if (problems.length > 0) {
    return { ok: false, reason: forbidden ? 'FORBIDDEN_CONSTRUCT' : 'SCHEMA_INVALID', problems };
  }
  return { ok: true, record };
}

function fail(reason: RejectionReason, path: string, message: string): FlatParse {
  return { ok: false, reason, problems: [{ path, message }] };
}

/** Splits a list field on `separator`; a backslash escapes the separator (or a backslash) inside an item. */
export function splitList(value: string, separator: string): string[] {
  if (value === '') return [];
  const items: string[] = [];
  let current = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (c === '\\' && (value[i + 1] === separator || value[i + 1] === '\\')) {
      current += value[i + 1];
      i++;
    } else if (c === separator) {
      items.push(current.trim());
      current = '';
    } else current += c;
  }
  items.push(current.trim());
  return items;
}

/** A real calendar date in ISO form (2026-02-30 is refused, not rolled over). */
export function isRealDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** An ISO instant with an explicit offset (a local time without one is ambiguous across BST). */
export function isRealInstant(value: string): boolean {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/.exec(value);
  if (!m || !isRealDate(m[1]!)) return false;
  return Number(m[2]) < 24 && Number(m[3]) < 60 && Number(m[4] ?? 0) < 60;
}
