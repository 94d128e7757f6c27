import { compareRecords, type FieldComparison, type LinkageField, type LinkageRecord } from './comparisons';
import { CURRENT_LINKAGE_PARAMETERS, type LevelProbabilities, type LinkageParameters } from './parameters';

/**
 * Fellegi–Sunter scoring (Fellegi & Sunter 1969; as Splink computes it): the match weight of a pair is
 * the prior log-odds plus, for each field, log2(m/u) of the level the pair falls in. Its probability
 * decides: linked, a candidate to review, or nothing.
 */

export type LinkDecision = 'LINKED' | 'CANDIDATE' | 'NONE';

export interface FieldContribution extends FieldComparison {
  /** log2(m/u) in bits; 0 for MISSING. Positive: evidence for one person, negative: against. */
  weight: number;
}

export interface LinkScore {
  decision: LinkDecision;
  /** Prior plus every field's weight, in bits. */
  matchWeight: number;
  /** 0–1: 2^w / (1 + 2^w). */
  matchProbability: number;
  contributions: FieldContribution[];
  /** Set when a rule keeps this candidate from ever being LINKED, whatever its weight, and why. */
  heldBack: string | null;
  parametersVersion: string;
}

export function levelWeight(p: LevelProbabilities): number {
  return Math.log2(p.m / p.u);
}

export function priorWeight(parameters: LinkageParameters): number {
  const lambda = parameters.priorMatchProbability;
  return Math.log2(lambda / (1 - lambda));
}

function contribution(comparison: FieldComparison, parameters: LinkageParameters): FieldContribution {
  const { field, level, detail } = comparison;
  if (level === 'MISSING') return { field, level, detail, weight: 0 };
  const levels = parameters.fields[field] as Record<string, LevelProbabilities>;
  return { field, level, detail, weight: levelWeight(levels[level]!) };
}

const agrees = (contributions: readonly FieldContribution[], field: LinkageField) =>
  contributions.some((c) => c.field === field && c.level === 'AGREE');

/** Symmetric; pure. */
export function scorePair(
  a: LinkageRecord,
  b: LinkageRecord,
  parameters: LinkageParameters = CURRENT_LINKAGE_PARAMETERS,
): LinkScore {
  const contributions = compareRecords(a, b).map((c) => contribution(c, parameters));
  const matchWeight = priorWeight(parameters) + contributions.reduce((sum, c) => sum + c.weight, 0);
  const matchProbability = 1 / (1 + 2 ** -matchWeight);
  // Court orders lacking a date of birth caused "identification problems and unnecessary automated
  // alerts" (Standard Order 10.1): without a date of birth on both and an identifier in common, a name
  // alone never links, however rare it is.
  const dateOfBirthMissing = contributions.some((c) => c.field === 'DATE_OF_BIRTH' && c.level === 'MISSING');
  const identifierAgrees = agrees(contributions, 'PNC_ID') || agrees(contributions, 'CRO_NUMBER');
  const nameOnly = dateOfBirthMissing && !identifierAgrees;
  // Twins, and a father and son of one name, share a surname, often a date of birth, and an address:
  // the fields Fellegi–Sunter multiplies as if independent. Different forenames with no identifier in
  // common are offered for review, never linked, however much else agrees.
  const otherForenames =
    !identifierAgrees && contributions.some((c) => c.field === 'FORENAMES' && c.level === 'DISAGREE');
  const holdBack = nameOnly
    ? 'no date of birth on one record and no PNC id or CRO number in common: never linked on a name alone'
    : otherForenames
      ? 'different forenames and no PNC id or CRO number in common (twins and relatives share the rest): never linked'
      : null;
  const decision: LinkDecision =
    matchProbability >= parameters.linkAt && !holdBack
      ? 'LINKED'
      : matchProbability >= parameters.candidateAt || (holdBack && matchProbability >= parameters.linkAt)
        ? 'CANDIDATE'
        : 'NONE';
  const heldBack = holdBack && decision === 'CANDIDATE' ? holdBack : null;
  return {
    decision,
    matchWeight,
    matchProbability,
    contributions,
    heldBack,
    parametersVersion: parameters.version,
  };
}

const signed = (bits: number) => `${bits >= 0 ? '+' : '−'}${Math.abs(bits).toFixed(1)}`;

/** One line for the officer: each field's level and weight, then the total and what it means. */
export function explainScore(score: LinkScore): string {
  const fields = score.contributions
    .filter((c) => c.level !== 'MISSING' || c.field === 'DATE_OF_BIRTH')
    .map((c) => `${c.detail} (${c.level === 'MISSING' ? 'no evidence' : signed(c.weight)})`);
  const verdict =
    score.decision === 'LINKED'
      ? 'linked'
      : score.decision === 'CANDIDATE'
        ? 'a candidate: check before acting on it'
        : 'not linked';
  const held = score.heldBack ? `; ${score.heldBack}` : '';
  return `${fields.join('; ')}; match weight ${signed(score.matchWeight)} (${score.parametersVersion}): ${verdict}${held}`;
}
