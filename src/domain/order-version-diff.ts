/**
 * What changed in an order between two of its versions (docs/versions-and-conflicts.md): terms added,
 * removed and reworded (matched by paragraph), zones added and removed, and the end date, power of arrest,
 * service and end before and after. Pure: it compares what the order said at each version, as the caller
 * was released it (an address withheld from the caller is withheld on both sides).
 */
export interface DiffCondition {
  paragraph: string;
  code: string | null;
  text: string;
}

export interface DiffZone {
  description: string;
  postcode: string | null;
  radiusMetres: number | null;
}

export interface DiffableVersion {
  version: number;
  /** null/undefined: this version's content was not kept (projected before versions kept it). */
  conditions?: DiffCondition[] | null;
  exclusionZones?: DiffZone[] | null;
  /** null: until further order. */
  expiresAt?: Date | string | null;
  powerOfArrest?: boolean | null;
  served?: boolean | null;
  ended?: string | null;
}

export interface Change<T> {
  before: T;
  after: T;
}

export interface OrderVersionDiff {
  fromVersion: number;
  toVersion: number;
  /** false when either version's content was not kept: nothing below can be said (a rebuild fills it). */
  contentKept: boolean;
  /** The fields that differ: conditions, exclusionZones, expiresAt, powerOfArrest, served, ended. */
  changed: string[];
  conditionsAdded: DiffCondition[];
  conditionsRemoved: DiffCondition[];
  conditionsReworded: { paragraph: string; before: DiffCondition; after: DiffCondition }[];
  exclusionZonesAdded: DiffZone[];
  exclusionZonesRemoved: DiffZone[];
  expiresAt: Change<Date | null> | null;
  powerOfArrest: Change<boolean | null> | null;
  served: Change<boolean | null> | null;
  ended: Change<string | null> | null;
}

export class VersionNotFound extends Error {
  constructor(
    readonly version: number,
    readonly known: readonly number[],
  ) {
    super(
      known.length === 0
        ? `the order has no versions`
        : `the order has no version ${version}; its versions are ${known[0]}–${known.at(-1)}`,
    );
  }
}

const sameCondition = (a: DiffCondition, b: DiffCondition) => a.code === b.code && a.text === b.text;
const zoneKey = (z: DiffZone) => JSON.stringify([z.description, z.postcode, z.radiusMetres]);
const instant = (value: Date | string | null | undefined): Date | null =>
  value === null || value === undefined ? null : new Date(value);

function change<T>(before: T, after: T, same: (a: T, b: T) => boolean = (a, b) => a === b) {
  return same(before, after) ? null : { before, after };
}

/**
 * Terms are matched by paragraph: the same paragraph with other words or code is reworded; a paragraph on
 * one side only is added or removed. Where a paragraph number repeats, identical terms pair first and the
 * rest pair in order.
 */
function diffConditions(before: readonly DiffCondition[], after: readonly DiffCondition[]) {
  const added: DiffCondition[] = [];
  const removed: DiffCondition[] = [];
  const reworded: OrderVersionDiff['conditionsReworded'] = [];
  const paragraphs = [...new Set([...before, ...after].map((c) => c.paragraph))];
  for (const paragraph of paragraphs) {
    const was = before.filter((c) => c.paragraph === paragraph);
    const now = after.filter((c) => c.paragraph === paragraph);
    const unmatchedNow = [...now];
    const unmatchedWas = was.filter((c) => {
      const i = unmatchedNow.findIndex((n) => sameCondition(c, n));
      if (i < 0) return true;
      unmatchedNow.splice(i, 1);
      return false;
    });
    const pairs = Math.min(unmatchedWas.length, unmatchedNow.length);
    for (let i = 0; i < pairs; i += 1)
      reworded.push({ paragraph, before: unmatchedWas[i]!, after: unmatchedNow[i]! });
    removed.push(...unmatchedWas.slice(pairs));
    added.push(...unmatchedNow.slice(pairs));
  }
  return { added, removed, reworded };
}

function diffZones(before: readonly DiffZone[], after: readonly DiffZone[]) {
  const remaining = after.map(zoneKey);
  const removed = before.filter((z) => {
    const i = remaining.indexOf(zoneKey(z));
    if (i < 0) return true;
    remaining.splice(i, 1);
    return false;
  });
  const kept = before.map(zoneKey);
  const added = after.filter((z) => {
    const i = kept.indexOf(zoneKey(z));
    if (i < 0) return true;
    kept.splice(i, 1);
    return false;
  });
  return { added, removed };
}

/** The diff from version `from` to version `to` (either way round; the same version gives no changes). */
export function diffOrderVersions(
  versions: readonly DiffableVersion[],
  from: number,
  to: number,
): OrderVersionDiff {
  const known = versions.map((v) => v.version);
  const a = versions.find((v) => v.version === from);
  if (!a) throw new VersionNotFound(from, known);
  const b = versions.find((v) => v.version === to);
  if (!b) throw new VersionNotFound(to, known);
  const empty: OrderVersionDiff = {
    fromVersion: from,
    toVersion: to,
    contentKept: false,
    changed: [],
    conditionsAdded: [],
    conditionsRemoved: [],
    conditionsReworded: [],
    exclusionZonesAdded: [],
    exclusionZonesRemoved: [],
    expiresAt: null,
    powerOfArrest: null,
    served: null,
    ended: null,
  };
  if (!a.conditions || !b.conditions) return empty;
  const conditions = diffConditions(a.conditions, b.conditions);
  const zones = diffZones(a.exclusionZones ?? [], b.exclusionZones ?? []);
  const diff: OrderVersionDiff = {
    ...empty,
    contentKept: true,
    conditionsAdded: conditions.added,
    conditionsRemoved: conditions.removed,
    conditionsReworded: conditions.reworded,
    exclusionZonesAdded: zones.added,
    exclusionZonesRemoved: zones.removed,
    expiresAt: change(instant(a.expiresAt), instant(b.expiresAt), (x, y) => x?.getTime() === y?.getTime()),
    powerOfArrest: change(a.powerOfArrest ?? null, b.powerOfArrest ?? null),
    served: change(a.served ?? null, b.served ?? null),
    ended: change(a.ended ?? null, b.ended ?? null),
  };
  diff.changed = [
    ...(conditions.added.length + conditions.removed.length + conditions.reworded.length > 0
      ? ['conditions']
      : []),
    ...(zones.added.length + zones.removed.length > 0 ? ['exclusionZones'] : []),
    ...(['expiresAt', 'powerOfArrest', 'served', 'ended'] as const).filter((f) => diff[f] !== null),
  ];
  return diff;
}
