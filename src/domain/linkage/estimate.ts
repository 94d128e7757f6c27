import { compareRecords, type LinkageRecord } from './comparisons';
import { estimateParameters } from './em';
import { levelWeight } from './fellegi-sunter';
import { type LevelProbabilities, type LinkageParameters } from './parameters';

export interface ParameterEstimate {
  /** The estimated parameters, under a version of their own, for a reviewer to compare and adopt. */
  parameters: LinkageParameters;
  basedOn: string;
  pairs: { random: number; blocked: number };
  iterations: number;
  converged: boolean;
  /** Each level's weight in bits, current and estimated: what adopting the estimate would change. */
  weights: { field: string; level: string; current: number; estimated: number }[];
}

/**
 * m, u and λ estimated by EM from unlabelled pairs of the hub's own records, starting from `start`
 * (the parameters in force). Nothing is adopted here: the result is printed for review, and becomes a
 * version in parameters.ts only by a change a person makes and the bench measures. Only probabilities
 * leave this function, never a record.
 */
export function estimateFromPairs(
  random: readonly (readonly [LinkageRecord, LinkageRecord])[],
  blocked: readonly (readonly [LinkageRecord, LinkageRecord])[],
  start: LinkageParameters,
  version: string,
): ParameterEstimate {
  const vectors = [...random, ...blocked].map(([a, b]) => compareRecords(a, b));
  const { parameters, iterations, lastChange } = estimateParameters(vectors, start, {
    version,
    provenance: `estimated by EM from ${random.length} random and ${blocked.length} blocked pairs of this hub's records, starting from ${start.version} (not adopted)`,
  });
  const weights = Object.entries(parameters.fields).flatMap(([field, levels]) =>
    Object.entries(levels as Record<string, LevelProbabilities>).map(([level, estimated]) => ({
      field,
      level,
      current: round(
        levelWeight((start.fields as Record<string, Record<string, LevelProbabilities>>)[field]![level]!),
      ),
      estimated: round(levelWeight(estimated)),
    })),
  );
  return {
    parameters,
    basedOn: start.version,
    pairs: { random: random.length, blocked: blocked.length },
    iterations,
    converged: lastChange <= 1e-5,
    weights,
  };
}

const round = (bits: number) => Math.round(bits * 100) / 100;
