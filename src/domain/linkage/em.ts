import { LEVELS, LINKAGE_FIELDS, type FieldComparison, type LinkageField } from './comparisons';
import { type LevelProbabilities, type LinkageParameters } from './parameters';

/**
 * Expectation–maximisation of the m and u probabilities and of λ from unlabelled comparison vectors
 * (Winkler 1988; Splink's `estimate_parameters_using_expectation_maximisation`), under the usual
 * assumption that fields are independent given match status. MISSING carries no evidence and is left
 * out of both steps, as Splink does.
 */
export interface EmResult {
  parameters: LinkageParameters;
  iterations: number;
  /** The largest change of any m, u or λ in the last iteration. */
  lastChange: number;
}

/** Keeps every probability off 0 and 1, so a level unseen in a sample does not become certain. */
const FLOOR = 1e-9;

export function estimateParameters(
  vectors: readonly (readonly FieldComparison[])[],
  start: LinkageParameters,
  options: { maxIterations?: number; tolerance?: number; version: string; provenance: string },
): EmResult {
  const maxIterations = options.maxIterations ?? 50;
  const tolerance = options.tolerance ?? 1e-5;
  let current = start;
  let iterations = 0;
  let lastChange = Infinity;
  while (iterations < maxIterations && lastChange > tolerance) {
    iterations++;
    const lambda = current.priorMatchProbability;
    // E step: each pair's probability of being a match under the current parameters.
    const posteriors = vectors.map((vector) => {
      let logMatch = Math.log(lambda);
      let logNonMatch = Math.log(1 - lambda);
      for (const c of vector) {
        if (c.level === 'MISSING') continue;
        const p = levelOf(current, c);
        logMatch += Math.log(p.m);
        logNonMatch += Math.log(p.u);
      }
      return 1 / (1 + Math.exp(logNonMatch - logMatch));
    });
    // M step: expected level frequencies among matches and non-matches.
    const matchTotal = posteriors.reduce((s, p) => s + p, 0);
    const nextLambda = clamp(matchTotal / Math.max(1, vectors.length));
    const fields = {} as Record<LinkageField, Record<string, LevelProbabilities>>;
    let change = Math.abs(nextLambda - lambda);
    for (const field of LINKAGE_FIELDS) {
      const mCount = new Map<string, number>();
      const uCount = new Map<string, number>();
      let mSeen = 0;
      let uSeen = 0;
      vectors.forEach((vector, i) => {
        const c = vector.find((x) => x.field === field);
        if (!c || c.level === 'MISSING') return;
        const p = posteriors[i]!;
        mCount.set(c.level, (mCount.get(c.level) ?? 0) + p);
        uCount.set(c.level, (uCount.get(c.level) ?? 0) + (1 - p));
        mSeen += p;
        uSeen += 1 - p;
      });
      const levels: Record<string, LevelProbabilities> = {};
      for (const level of LEVELS[field]) {
        if (level === 'MISSING') continue;
        const before = (current.fields[field] as Record<string, LevelProbabilities>)[level]!;
        // A field never observed keeps its values: there is nothing to learn them from.
        const m = mSeen > 0 ? clamp((mCount.get(level) ?? 0) / mSeen) : before.m;
        const u = uSeen > 0 ? clamp((uCount.get(level) ?? 0) / uSeen) : before.u;
        change = Math.max(change, Math.abs(m - before.m), Math.abs(u - before.u));
        levels[level] = { m, u };
      }
      fields[field] = levels;
    }
    current = {
      ...current,
      version: options.version,
      provenance: options.provenance,
      priorMatchProbability: nextLambda,
      fields: fields as unknown as LinkageParameters['fields'],
    };
    lastChange = change;
  }
  return { parameters: current, iterations, lastChange };
}

function levelOf(parameters: LinkageParameters, c: FieldComparison): LevelProbabilities {
  return (parameters.fields[c.field] as Record<string, LevelProbabilities>)[c.level]!;
}

function clamp(p: number): number {
  return Math.min(1 - FLOOR, Math.max(FLOOR, p));
}
