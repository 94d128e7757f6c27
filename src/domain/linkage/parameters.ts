import { type LevelOf, type LinkageField } from './comparisons';

/** m = P(level | same person), u = P(level | different people), for one comparison level. */
export interface LevelProbabilities {
  m: number;
  u: number;
}

export type FieldParameters<F extends LinkageField> = Record<
  Exclude<LevelOf<F>, 'MISSING'>,
  LevelProbabilities
>;

/** A versioned set of linkage parameters; a score always says which version made it. */
export interface LinkageParameters {
  version: string;
  /** Where the numbers come from; shown in docs/person-linkage.md. */
  provenance: string;
  /** λ: the probability that two records compared (after blocking) are the same person. */
  priorMatchProbability: number;
  /** A pair at or above this match probability is linked (subject to the no-date-of-birth rule). */
  linkAt: number;
  /** Between this and linkAt a pair is a candidate for an officer to review; below it, nothing. */
  candidateAt: number;
  fields: { [F in LinkageField]: FieldParameters<F> };
}

/**
 * Version 1. UNVERIFIED: starting values set by hand from the error rates reported for UK justice data
 * (Ministry of Justice Splink models: surnames mis-keyed in a few per cent of records, dates of birth
 * transposed or a digit off in about 1–4 %), then checked against the seeded synthetic corpus
 * (test/factories/linkage-corpus.ts) with `estimateParameters` (em.ts). They are not estimated from this
 * hub's data yet; re-estimate with EM on real sightings before relying on the weights' exact values.
 * The thresholds are chosen so that a swapped day and month, an initial, a name-only record or a
 * disagreeing PNC id are offered for review and not linked.
 */
export const LINKAGE_PARAMETERS_V1: LinkageParameters = {
  version: 'fs-v1',
  provenance:
    'hand-set starting values (unverified), checked by EM on the seeded synthetic corpus; not yet ' +
    'estimated from live data',
  priorMatchProbability: 1e-4,
  linkAt: 0.98,
  candidateAt: 0.2,
  fields: {
    // A PNC id is issued once per person: two different ones are strong evidence of two people (duplicate
    // PNC records exist, so it is evidence, not a veto — such a pair is offered for review, never linked).
    PNC_ID: { AGREE: { m: 0.99, u: 1e-7 }, DISAGREE: { m: 0.0001, u: 0.9999999 } },
    CRO_NUMBER: { AGREE: { m: 0.99, u: 1e-7 }, DISAGREE: { m: 0.01, u: 0.9999999 } },
    SURNAME: {
      EXACT: { m: 0.88, u: 0.002 },
      VARIANT: { m: 0.04, u: 0.0005 },
      SWAPPED_WITH_FORENAMES: { m: 0.005, u: 0.00005 },
      SOUNDS_OR_SPELT_ALIKE: { m: 0.03, u: 0.003 },
      SIMILAR: { m: 0.015, u: 0.01 },
      DISAGREE: { m: 0.03, u: 0.9845 },
    },
    FORENAMES: {
      EXACT: { m: 0.8, u: 0.01 },
      ONE_FORENAME_AGREES: { m: 0.06, u: 0.004 },
      NICKNAME: { m: 0.04, u: 0.001 },
      SOUNDS_OR_SPELT_ALIKE: { m: 0.04, u: 0.005 },
      INITIAL: { m: 0.025, u: 0.04 },
      // The swap's weight is carried by SURNAME; this level adds none (m = u).
      COUNTED_WITH_SURNAME: { m: 0.005, u: 0.005 },
      DISAGREE: { m: 0.03, u: 0.935 },
    },
    DATE_OF_BIRTH: {
      EXACT: { m: 0.9, u: 0.00005 },
      DAY_MONTH_SWAPPED: { m: 0.01, u: 0.00005 },
      ONE_DIGIT_OFF: { m: 0.03, u: 0.0015 },
      SAME_YEAR: { m: 0.02, u: 0.02 },
      DISAGREE: { m: 0.04, u: 0.97845 },
    },
    // Version 1 did not compare addresses: m = u at every level, so an address adds nothing.
    ADDRESS: {
      SAME_ADDRESS: { m: 0.2, u: 0.2 },
      SAME_POSTCODE: { m: 0.2, u: 0.2 },
      SAME_SECTOR: { m: 0.2, u: 0.2 },
      SAME_DISTRICT: { m: 0.2, u: 0.2 },
      DISAGREE: { m: 0.2, u: 0.2 },
    },
  },
};

/**
 * Version 2: version 1 plus the person's (non-confidential) addresses. UNVERIFIED, set by hand. m: two
 * sightings of one person are at one address about 55 % of the time (people in these cases move, and
 * each source saw them at some point), in one postcode with the first line keyed otherwise about 5 %;
 * most of the rest moved within the district. u is set well above what a random pair would give (about
 * 1 in 10,000 share a postcode in one force area): people who share a surname and an address are often
 * family — a father and a son of one name — and Fellegi–Sunter assumes the fields are independent, which
 * they are not there. A shared address is +6.1 bits: enough to lift a name and a date a digit apart to
 * linked, not enough to link two names whose dates of birth disagree (they stay a candidate for review).
 * Different districts count −1.9 bits, so a move is weak evidence against, never a veto.
 */
export const LINKAGE_PARAMETERS_V2: LinkageParameters = {
  ...LINKAGE_PARAMETERS_V1,
  version: 'fs-v2',
  provenance:
    'fs-v1 with address levels: hand-set starting values (unverified), checked on the seeded synthetic ' +
    'corpus; not yet estimated from live data',
  fields: {
    ...LINKAGE_PARAMETERS_V1.fields,
    ADDRESS: {
      SAME_ADDRESS: { m: 0.55, u: 0.008 },
      SAME_POSTCODE: { m: 0.05, u: 0.005 },
      SAME_SECTOR: { m: 0.05, u: 0.02 },
      SAME_DISTRICT: { m: 0.1, u: 0.05 },
      DISAGREE: { m: 0.25, u: 0.917 },
    },
  },
};

/** The parameters every score uses unless told otherwise. */
export const CURRENT_LINKAGE_PARAMETERS = LINKAGE_PARAMETERS_V2;
