import { canonicalSurname } from '../domain/linkage/name-forms';
import { nameKey } from '../domain/person-identity';
import { dateOfBirthVariants } from '../domain/linkage/comparisons';
import { type LinkDecision } from '../domain/linkage/fellegi-sunter';
import { type LabelledSighting } from './linkage-corpus';

/**
 * Precision and recall of a linkage rule on a labelled corpus, pair by pair. Candidate pairs come from
 * the same blocks the hub's search uses (a date of birth or one of its error variants; for a sighting
 * without one, the surname), so a pair the blocks never bring together counts as missed.
 */
export interface LinkageQuality {
  truePairs: number;
  comparedPairs: number;
  linked: PairCounts;
  linkedOrCandidate: PairCounts;
  /**
   * Recall of LINKED among the true pairs the rules allow to be linked: both dated, or an identifier in
   * common. A pair with a date missing is at most a candidate (Standard Order 10.1), so the overall
   * recall cannot exceed the share of such pairs; this separates the two.
   */
  linkableTruePairs: number;
  linkableRecall: number;
}

export interface PairCounts {
  pairs: number;
  correct: number;
  precision: number;
  recall: number;
  f1: number;
}

export function evaluateLinkage(
  corpus: readonly LabelledSighting[],
  decide: (a: LabelledSighting, b: LabelledSighting) => LinkDecision,
): LinkageQuality {
  const byDate = new Map<string, number[]>();
  const bySurname = new Map<string, number[]>();
  const add = (index: Map<string, number[]>, key: string, i: number) => {
    let list = index.get(key);
    if (!list) index.set(key, (list = []));
    list.push(i);
  };
  const undated = new Map<string, number[]>();
  const anyDate = new Map<string, number[]>();
  corpus.forEach((s, i) => {
    const surname = canonicalSurname(s.familyName);
    if (s.dateOfBirth) add(byDate, s.dateOfBirth, i);
    add(bySurname, `${surname}|${s.dateOfBirth ?? ''}`, i);
    add(anyDate, surname, i);
    if (!s.dateOfBirth) add(undated, surname, i);
  });
  const seen = new Set<number>();
  const pairKey = (i: number, j: number) => (i < j ? i * corpus.length + j : j * corpus.length + i);
  const counts = { linked: 0, linkedCorrect: 0, either: 0, eitherCorrect: 0, linkableCorrect: 0 };
  const consider = (i: number, j: number) => {
    if (i === j) return;
    const key = pairKey(i, j);
    if (seen.has(key)) return;
    seen.add(key);
    const a = corpus[i]!;
    const b = corpus[j]!;
    const decision = decide(a, b);
    const same = a.truth === b.truth;
    if (decision === 'LINKED') {
      counts.linked++;
      if (same) counts.linkedCorrect++;
      if (same && linkable(a, b)) counts.linkableCorrect++;
    }
    if (decision !== 'NONE') {
      counts.either++;
      if (same) counts.eitherCorrect++;
    }
  };
  // The blocks of the hub's search (officer-read.repository.ts): the same date of birth or its day and
  // month swapped, whatever the names; or the same surname with no date of birth on one side or one of
  // the date's error variants. The database compares surnames by Double Metaphone, this by canonical
  // spelling (name-forms.ts), which brings fewer pairs together: the recall here is a floor.
  corpus.forEach((s, i) => {
    const surname = canonicalSurname(s.familyName);
    if (s.dateOfBirth) {
      const [y, m, d] = s.dateOfBirth.split('-');
      for (const date of new Set([s.dateOfBirth, `${y}-${d}-${m}`]))
        for (const j of byDate.get(date) ?? []) consider(i, j);
      for (const date of dateOfBirthVariants(s.dateOfBirth))
        for (const j of bySurname.get(`${surname}|${date}`) ?? []) consider(i, j);
      for (const j of undated.get(surname) ?? []) consider(i, j);
    } else {
      for (const j of anyDate.get(surname) ?? []) consider(i, j);
    }
  });
  const perTruth = new Map<string, LabelledSighting[]>();
  for (const s of corpus) {
    let list = perTruth.get(s.truth);
    if (!list) perTruth.set(s.truth, (list = []));
    list.push(s);
  }
  let truePairs = 0;
  let linkableTruePairs = 0;
  for (const list of perTruth.values()) {
    truePairs += (list.length * (list.length - 1)) / 2;
    for (let i = 0; i < list.length; i++)
      for (let j = i + 1; j < list.length; j++) if (linkable(list[i]!, list[j]!)) linkableTruePairs++;
  }
  return {
    truePairs,
    comparedPairs: seen.size,
    linkableTruePairs,
    linkableRecall: linkableTruePairs === 0 ? 1 : counts.linkableCorrect / linkableTruePairs,
    linked: quality(counts.linked, counts.linkedCorrect, truePairs),
    linkedOrCandidate: quality(counts.either, counts.eitherCorrect, truePairs),
  };
}

function linkable(a: LabelledSighting, b: LabelledSighting): boolean {
  const shared = (x: string | null, y: string | null) => !!x && !!y && x === y;
  return (!!a.dateOfBirth && !!b.dateOfBirth) || shared(a.pncId, b.pncId) || shared(a.croNumber, b.croNumber);
}

function quality(pairs: number, correct: number, truePairs: number): PairCounts {
  const precision = pairs === 0 ? 1 : correct / pairs;
  const recall = truePairs === 0 ? 1 : correct / truePairs;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { pairs, correct, precision, recall, f1 };
}

/**
 * The rule the hub used before scored linkage, as the baseline every figure is printed next to: a
 * different PNC id never links; the same CRO number links; the same normalised name links with the same
 * date of birth and is a candidate when a record has none; anything else is nothing.
 */
export function exactRuleDecision(a: LabelledSighting, b: LabelledSighting): LinkDecision {
  if (a.pncId && b.pncId && a.pncId !== b.pncId) return 'NONE';
  if (a.croNumber && b.croNumber && a.croNumber === b.croNumber) return 'LINKED';
  if (nameKey(a.givenName, a.familyName) !== nameKey(b.givenName, b.familyName)) return 'NONE';
  if (a.dateOfBirth && b.dateOfBirth) return a.dateOfBirth === b.dateOfBirth ? 'LINKED' : 'NONE';
  return 'CANDIDATE';
}
