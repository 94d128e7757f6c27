import { nameKey } from './person-identity';

/**
 * Scored links between person records that may be the same human. Exact identifiers (PNC id, then CRO
 * number, then name + date of birth) already resolve to one record (person-identity.ts); what is left are
 * records those rules keep apart — e.g. a family court party with no PNC id and no date of birth.
 * Links are never merged automatically: below CONFIDENT_MATCH the officer sees a candidate, with the
 * score and the reason, to check before acting on it.
 *
 * The scores are this project's heuristics, not values from the source documents (unverified). The one
 * sourced rule: a record lacking a date of birth must not match confidently (docs/sources.md, Standard Order
 * 10.1 — court orders without DOB as a known cause of false alerts).
 */
export const CONFIDENT_MATCH = 0.8;

export type MatchBasis = 'PNC_ID' | 'CRO_NUMBER' | 'NAME_AND_DATE_OF_BIRTH' | 'NAME_ONLY';

export interface MatchablePerson {
  personId: string;
  givenName: string;
  familyName: string;
  dateOfBirth: string | null;
  pncId: string | null;
  croNumber: string | null;
}

export interface MatchScore {
  basis: MatchBasis;
  confidence: number;
  reason: string;
}

/** Why `candidate` might be `anchor`, or null when nothing links them. Pure and symmetric. */
export function scoreCandidate(anchor: MatchablePerson, candidate: MatchablePerson): MatchScore | null {
  if (anchor.personId === candidate.personId) return null;
  if (anchor.pncId && candidate.pncId && anchor.pncId !== candidate.pncId) return null;
  if (anchor.croNumber && candidate.croNumber && anchor.croNumber === candidate.croNumber) {
    return { basis: 'CRO_NUMBER', confidence: 0.95, reason: 'same CRO number' };
  }
  const sameName =
    nameKey(anchor.givenName, anchor.familyName) === nameKey(candidate.givenName, candidate.familyName);
  if (!sameName) return null;
  if (anchor.dateOfBirth && candidate.dateOfBirth) {
    if (anchor.dateOfBirth !== candidate.dateOfBirth) return null;
    return {
      basis: 'NAME_AND_DATE_OF_BIRTH',
      confidence: 0.85,
      reason: 'same name and date of birth; only one record carries a PNC id or CRO number',
    };
  }
  return {
    basis: 'NAME_ONLY',
    confidence: 0.35,
    reason: 'same name, but a record has no date of birth: never a confident match (Standard Order 10.1)',
  };
}

export function isConfident(score: Pick<MatchScore, 'confidence'>): boolean {
  return score.confidence >= CONFIDENT_MATCH;
}
