/** What a reviewer decided about two person records (docs/person-linkage.md, "Review"). */
export type LinkVerdict = 'SAME_PERSON' | 'DIFFERENT_PEOPLE' | 'UNDECIDED';

export interface LinkDecisionRecord {
  decisionId: string;
  /** The pair, ordered (a < b). */
  personA: string;
  personB: string;
  decision: LinkVerdict;
  reason: string;
  decidedBy: string;
  policeArea: string;
  decidedAt: Date;
}

/** The decision about `personId` and `other`, from the standing decisions, or null. */
export function decisionBetween(
  decisions: readonly LinkDecisionRecord[],
  personId: string,
  other: string,
): LinkDecisionRecord | null {
  const [a, b] = personId < other ? [personId, other] : [other, personId];
  return decisions.find((d) => d.personA === a && d.personB === b) ?? null;
}

/** What applying the reviewers' decisions to a ranked list of people does to it. */
export interface Reviewed<T> {
  item: T;
  /** Other person records a reviewer confirmed are this person (their orders and bail shown here too). */
  mergedPersonIds: string[];
  /** The decisions that shaped this entry. */
  decisions: LinkDecisionRecord[];
}

/**
 * Reviewers' decisions applied to people ranked best first: a person confirmed to be one ranked above
 * is merged into it (and not listed again); a person rejected as one ranked above that is `confident`
 * is dropped — the officer is not shown someone else's order as a candidate for the same person.
 * Confirmed partners absent from the list but released to the caller (`partners`) are merged too. Pure.
 */
export function applyLinkDecisions<T>(
  ranked: readonly T[],
  personIdOf: (item: T) => string,
  isConfident: (item: T) => boolean,
  decisions: readonly LinkDecisionRecord[],
  partners: ReadonlySet<string>,
): Reviewed<T>[] {
  const kept: Reviewed<T>[] = [];
  /** The SAME_PERSON decision joining `id` to a kept entry (to it or to a record already merged into it). */
  const confirmedWith = (entry: Reviewed<T>, id: string) =>
    [personIdOf(entry.item), ...entry.mergedPersonIds]
      .map((member) => decisionBetween(decisions, member, id))
      .find((d) => d?.decision === 'SAME_PERSON');
  for (const item of ranked) {
    const id = personIdOf(item);
    const merge = kept
      .map((entry) => ({ entry, decision: confirmedWith(entry, id) }))
      .find((m) => m.decision);
    if (merge) {
      merge.entry.mergedPersonIds.push(id);
      merge.entry.decisions.push(merge.decision!);
      continue;
    }
    const rejection = kept
      .filter((entry) => isConfident(entry.item))
      .map((entry) => ({ entry, decision: decisionBetween(decisions, personIdOf(entry.item), id) }))
      .find((r) => r.decision?.decision === 'DIFFERENT_PEOPLE');
    if (rejection) {
      rejection.entry.decisions.push(rejection.decision!);
      continue;
    }
    kept.push({ item, mergedPersonIds: [], decisions: [] });
  }
  for (const entry of kept) {
    const id = personIdOf(entry.item);
    for (const d of decisions) {
      if (d.decision !== 'SAME_PERSON' || (d.personA !== id && d.personB !== id)) continue;
      const other = d.personA === id ? d.personB : d.personA;
      if (!partners.has(other) || entry.mergedPersonIds.includes(other)) continue;
      if (kept.some((k) => personIdOf(k.item) === other)) continue;
      entry.mergedPersonIds.push(other);
      entry.decisions.push(d);
    }
  }
  return kept;
}
