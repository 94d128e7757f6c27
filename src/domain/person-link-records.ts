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
  for (const item of ranked) {
    const id = personIdOf(item);
    const into = kept.find(
      (k) =>
        decisionBetween(decisions, personIdOf(k.item), id)?.decision === 'SAME_PERSON' ||
        k.mergedPersonIds.some((m) => decisionBetween(decisions, m, id)?.decision === 'SAME_PERSON'),
    );
    if (into) {
      into.mergedPersonIds.push(id);
      into.decisions.push(
        decisionBetween(decisions, personIdOf(into.item), id) ?? decisionWithAny(decisions, into, id)!,
      );
      continue;
    }
    const rejectedBy = kept.find(
      (k) =>
        isConfident(k.item) &&
        decisionBetween(decisions, personIdOf(k.item), id)?.decision === 'DIFFERENT_PEOPLE',
    );
    if (rejectedBy) {
      rejectedBy.decisions.push(decisionBetween(decisions, personIdOf(rejectedBy.item), id)!);
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

function decisionWithAny(
  decisions: readonly LinkDecisionRecord[],
  entry: Reviewed<unknown> & { item: unknown },
  id: string,
): LinkDecisionRecord | null {
  for (const m of entry.mergedPersonIds) {
    const d = decisionBetween(decisions, m, id);
    if (d) return d;
  }
  return null;
}
