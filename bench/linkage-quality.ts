import { generateLinkageCorpus } from '../src/demo/linkage-corpus';
import { evaluateLinkage, exactRuleDecision, type LinkageQuality } from '../src/demo/linkage-evaluation';
import { scorePair } from '../src/domain/linkage/fellegi-sunter';
import { CURRENT_LINKAGE_PARAMETERS, LINKAGE_PARAMETERS_V1 } from '../src/domain/linkage/parameters';

export interface LinkageBench {
  people: number;
  sightings: number;
  seed: number;
  parametersVersion: string;
  scored: LinkageQuality & { seconds: number };
  /** fs-v1 (no address comparison) on the same corpus: what the postcode adds or costs. */
  previousVersion: LinkageQuality & { seconds: number; parametersVersion: string };
  exactRule: LinkageQuality & { seconds: number };
}

/**
 * Precision, recall and F1 of linked pairs (and of linked + candidates) on a labelled synthetic corpus,
 * scored linkage next to the previous parameter version and the exact rule it replaced, in the same run
 * (docs/person-linkage.md).
 */
export function benchLinkageQuality(options: {
  people: number;
  sightingsPerPerson: number;
  seed: number;
}): LinkageBench {
  const corpus = generateLinkageCorpus(options);
  const timed = (decide: Parameters<typeof evaluateLinkage>[1]) => {
    const started = process.hrtime.bigint();
    const quality = evaluateLinkage(corpus, decide);
    return { ...quality, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
  };
  return {
    people: options.people,
    sightings: corpus.length,
    seed: options.seed,
    parametersVersion: CURRENT_LINKAGE_PARAMETERS.version,
    scored: timed((a, b) => scorePair(a, b, CURRENT_LINKAGE_PARAMETERS).decision),
    previousVersion: {
      ...timed((a, b) => scorePair(a, b, LINKAGE_PARAMETERS_V1).decision),
      parametersVersion: LINKAGE_PARAMETERS_V1.version,
    },
    exactRule: timed(exactRuleDecision),
  };
}

// Run alone: node scripts/run-source.js bench/linkage-quality.ts
if (require.main === module || process.argv[1]?.endsWith('linkage-quality.ts')) {
  const result = benchLinkageQuality({
    people: Number(process.env.BENCH_LINKAGE_PEOPLE ?? 20_000),
    sightingsPerPerson: 5.2,
    seed: Number(process.env.BENCH_LINKAGE_SEED ?? 20261203),
  });
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}
