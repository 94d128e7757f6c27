/**
 * Reconciliation of what a source says it sent with what the hub holds (pure). Common Platform staff
 * have reported results changing or disappearing; a daily manifest from each source, compared record by
 * record, turns that into a list an operator can act on instead of a suspicion.
 */

/** One record a source says it sent that day: its own id, the version sent last, and its kind. */
export interface ManifestRecord {
  id: string;
  version: string | null;
  type: string | null;
}

export interface Manifest {
  /** The source's calendar day (Europe/London), YYYY-MM-DD. */
  day: string;
  records: ManifestRecord[];
}

/** A record the hub holds from the source, with the latest version it holds. */
export interface HeldRecord {
  id: string;
  version: string | null;
}

export type DifferenceKind = 'MISSING' | 'EXTRA' | 'CHANGED';

export interface Difference {
  kind: DifferenceKind;
  sourceRecordId: string;
  /** The version the manifest names (null for EXTRA). */
  sourceVersion: string | null;
  /** The version the hub holds (null for MISSING). */
  hubVersion: string | null;
}

export interface Comparison {
  manifestRecords: number;
  matched: number;
  differences: Difference[];
}

/**
 * - MISSING: in the manifest, not held by the hub (never accepted, or accepted and not yet projected);
 * - CHANGED: held, but at another version than the manifest names (a correction lost, or one the source
 *   does not know about);
 * - EXTRA: received by the hub from this source on the manifest's day, not in the manifest.
 * `held` is what the hub holds of the manifest's ids; `receivedThatDay` what it received that day.
 */
export function compareManifest(
  manifest: Manifest,
  held: readonly HeldRecord[],
  receivedThatDay: readonly HeldRecord[],
): Comparison {
  const heldById = new Map(held.map((h) => [h.id, h]));
  const listed = new Set<string>();
  const differences: Difference[] = [];
  let matched = 0;
  for (const record of manifest.records) {
    if (listed.has(record.id)) continue;
    listed.add(record.id);
    const hub = heldById.get(record.id);
    if (!hub) {
      differences.push({
        kind: 'MISSING',
        sourceRecordId: record.id,
        sourceVersion: record.version,
        hubVersion: null,
      });
    } else if (record.version !== null && hub.version !== record.version) {
      differences.push({
        kind: 'CHANGED',
        sourceRecordId: record.id,
        sourceVersion: record.version,
        hubVersion: hub.version,
      });
    } else {
      matched += 1;
    }
  }
  const manifestRecords = listed.size;
  for (const received of receivedThatDay) {
    if (listed.has(received.id)) continue;
    listed.add(received.id);
    differences.push({
      kind: 'EXTRA',
      sourceRecordId: received.id,
      sourceVersion: null,
      hubVersion: received.version,
    });
  }
  return { manifestRecords, matched, differences };
}

/** YYYY-MM-DD naming a real calendar day (not 2026-02-30). */
export function isCalendarDay(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const at = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(at.getTime()) && at.toISOString().startsWith(value);
}

/** The latest of two source versions: numerically when both are numbers, else as text. */
export function laterVersion(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  const [x, y] = [Number(a), Number(b)];
  if (Number.isFinite(x) && Number.isFinite(y)) return x >= y ? a : b;
  return a >= b ? a : b;
}

/**
 * Checks a manifest as posted: a day, and records with a non-empty id each (version and type optional,
 * as text); `counts` by type, when given, must agree with the records. Returns the problems, or the
 * manifest.
 */
export function parseManifest(body: unknown): { manifest: Manifest } | { problems: string[] } {
  const problems: string[] = [];
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return { problems: ['the manifest must be a JSON object'] };
  const m = body as Record<string, unknown>;
  const day = isCalendarDay(m.day) ? m.day : null;
  if (day === null) problems.push('/day must be a calendar date, YYYY-MM-DD');
  if (!Array.isArray(m.records)) problems.push('/records must be an array');
  const records: ManifestRecord[] = [];
  if (Array.isArray(m.records)) {
    if (m.records.length > MAX_MANIFEST_RECORDS)
      problems.push(`/records holds more than ${MAX_MANIFEST_RECORDS} records`);
    m.records.slice(0, MAX_MANIFEST_RECORDS).forEach((r: unknown, i) => {
      const rec = (typeof r === 'object' && r !== null ? r : {}) as Record<string, unknown>;
      if (typeof rec.id !== 'string' || rec.id.trim() === '' || rec.id.length > 200) {
        problems.push(`/records/${i}/id must be a non-empty string of at most 200 characters`);
        return;
      }
      const text = (v: unknown, name: string): string | null => {
        if (v === undefined || v === null) return null;
        if (typeof v === 'string' || typeof v === 'number') return String(v);
        problems.push(`/records/${i}/${name} must be text or a number`);
        return null;
      };
      records.push({ id: rec.id, version: text(rec.version, 'version'), type: text(rec.type, 'type') });
    });
  }
  if (m.counts !== undefined) {
    if (typeof m.counts !== 'object' || m.counts === null || Array.isArray(m.counts))
      problems.push('/counts must be an object of counts by type');
    else {
      const byType = new Map<string, number>();
      for (const r of records) if (r.type !== null) byType.set(r.type, (byType.get(r.type) ?? 0) + 1);
      for (const [type, count] of Object.entries(m.counts as Record<string, unknown>)) {
        if (count !== (byType.get(type) ?? 0))
          problems.push(`/counts/${type} is ${String(count)} but the records list ${byType.get(type) ?? 0}`);
      }
    }
  }
  return problems.length > 0 || day === null ? { problems } : { manifest: { day, records } };
}

export const MAX_MANIFEST_RECORDS = 200_000;
