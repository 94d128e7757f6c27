import { type FieldContribution, explainScore, type LinkScore, scorePair } from './linkage/fellegi-sunter';
import { type LinkageRecord } from './linkage/comparisons';
import { CURRENT_LINKAGE_PARAMETERS, type LinkageParameters } from './linkage/parameters';

/**
 * Scored links between person records that may be the same human (docs/person-linkage.md). Exact
 * identifiers (PNC id, then CRO number, then name + date of birth) already resolve to one record
 * (person-identity.ts); what is left are records those rules keep apart — McDonald in a police record
 * and MacDonald in a family court order, a date of birth keyed day-first, a party with no date of birth.
 * They are scored in the Fellegi–Sunter way (linkage/fellegi-sunter.ts) and never merged: a LINKED
 * score is shown as a match, a CANDIDATE as one to check before acting on it, each with the weight of
 * every field as its reason.
 *
 * The one sourced rule: a record lacking a date of birth must not match confidently (docs/sources.md,
 * Standard Order 10.1 — court orders without DOB as a known cause of false alerts). The parameters are
 * unverified starting values (linkage/parameters.ts).
 */
export type MatchBasis = 'PNC_ID' | 'CRO_NUMBER' | 'NAME_AND_DATE_OF_BIRTH' | 'NAME_ONLY';

export interface MatchablePerson extends LinkageRecord {
  personId: string;
}

export interface MatchScore {
  basis: MatchBasis;
  /** The match probability, 0–1. */
  confidence: number;
  /** True when LINKED: at or above the parameters' link threshold and not held back. */
  confident: boolean;
  /** Fellegi–Sunter match weight in bits (prior plus every field). */
  matchWeight: number;
  /** Each field's level and weight, the evidence for and against. */
  comparisons: FieldContribution[];
  parametersVersion: string;
  reason: string;
}

/** What a match rests on: the strongest agreeing evidence. */
function basisOf(comparisons: readonly FieldContribution[]): MatchBasis {
  const level = (field: FieldContribution['field']) => comparisons.find((c) => c.field === field)?.level;
  if (level('PNC_ID') === 'AGREE') return 'PNC_ID';
  if (level('CRO_NUMBER') === 'AGREE') return 'CRO_NUMBER';
  return level('DATE_OF_BIRTH') === 'MISSING' ? 'NAME_ONLY' : 'NAME_AND_DATE_OF_BIRTH';
}

/** Why `candidate` might be `anchor`, or null when the score says nothing links them. Pure, symmetric. */
export function scoreCandidate(
  anchor: MatchablePerson,
  candidate: MatchablePerson,
  parameters: LinkageParameters = CURRENT_LINKAGE_PARAMETERS,
): MatchScore | null {
  if (anchor.personId === candidate.personId) return null;
  const score = scorePair(anchor, candidate, parameters);
  return score.decision === 'NONE' ? null : toMatchScore(score);
}

/** The score of two records whatever it decides (e.g. for a pair a reviewer confirmed). */
export function scoreRegardless(
  anchor: MatchablePerson,
  candidate: MatchablePerson,
  parameters: LinkageParameters = CURRENT_LINKAGE_PARAMETERS,
): MatchScore {
  return toMatchScore(scorePair(anchor, candidate, parameters));
}

function toMatchScore(score: LinkScore): MatchScore {
  return {
    basis: basisOf(score.contributions),
    confidence: score.matchProbability,
    confident: score.decision === 'LINKED',
    matchWeight: score.matchWeight,
    comparisons: score.contributions,
    parametersVersion: score.parametersVersion,
    reason: explainScore(score),
  };
}

export function isConfident(score: Pick<MatchScore, 'confident'>): boolean {
  return score.confident;
}
