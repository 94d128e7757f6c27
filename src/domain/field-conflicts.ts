/**
 * Conflicting assertions between sources about one record (an order, a case): for each field, the latest
 * value each source gave, and a conflict where two sources' latest values differ. A later assertion from
 * the same source is its correction, never a conflict; a value a source did not give is not a conflict.
 * Kept by the projection beside the value the record shows, so a reader sees that the sources disagree
 * instead of only the value that won.
 */
export interface FieldConflict {
  /** The field, e.g. expiresAt, policeArea, hearings.<hearingRef>.listedFor. */
  field: string;
  /** Each distinct value (as first written), with the connectors whose latest assertion it is. */
  values: { value: string; sources: string[] }[];
}

export type AssertedScalar = string | number | boolean | null | undefined;

/** The connector id of a CloudEvents source (urn:shieldline:connector:<id>), or the source as given. */
export function connectorOf(source: string): string {
  return source.replace(/^urn:shieldline:connector:/, '');
}

/** Instants compare as instants, text by case and spacing: "2026-03-02T10:00:00Z" and "…00.000Z" agree. */
function comparable(value: string): string {
  if (/^\d{4}-\d{2}-\d{2}T/.test(value)) {
    const ms = Date.parse(value);
    if (!Number.isNaN(ms)) return new Date(ms).toISOString();
  }
  return value.trim().replace(/\s+/g, ' ').toUpperCase();
}

export class SourceAssertions {
  /** field → source → latest value, both in the order first asserted. */
  private readonly latest = new Map<string, Map<string, string>>();

  /** Records what `source` says `field` is now; null/undefined (not given) records nothing. */
  assert(field: string, source: string, value: AssertedScalar): void {
    if (value === null || value === undefined) return;
    const text = String(value);
    if (text.trim() === '') return;
    let bySource = this.latest.get(field);
    if (!bySource) this.latest.set(field, (bySource = new Map<string, string>()));
    bySource.set(connectorOf(source), text);
  }

  conflicts(): FieldConflict[] {
    const found: FieldConflict[] = [];
    for (const [field, bySource] of this.latest) {
      const byValue = new Map<string, { value: string; sources: string[] }>();
      for (const [source, value] of bySource) {
        const key = comparable(value);
        const entry = byValue.get(key) ?? { value, sources: [] };
        entry.sources.push(source);
        byValue.set(key, entry);
      }
      if (byValue.size > 1) found.push({ field, values: [...byValue.values()] });
    }
    return found;
  }
}
