import { type Actor } from '../security/actor';
import { type AccessStep } from '../security/access-step';

/**
 * How long events take through the hub, per source and stage, as its metrics hold them (one replica,
 * since it started): the end-to-end lag a control room watches. Only durations and counts — never a
 * record, a person or a reference — so it is an aggregate (AGGREGATES).
 */

/** One cumulative histogram bucket, as Prometheus keeps it: how many observations were ≤ `le` seconds. */
export interface HistogramBucket {
  le: number;
  count: number;
}

export interface StageHistogram {
  source: string;
  stage: string;
  buckets: HistogramBucket[];
  count: number;
}

export interface StageLatency {
  source: string;
  stage: string;
  count: number;
  /** Seconds; null when there is no observation. */
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

export interface StageHistogramsPort {
  stageHistograms(): Promise<StageHistogram[]>;
}

/**
 * The q-quantile of a cumulative histogram, as Prometheus' histogram_quantile computes it: linear inside
 * the bucket the rank falls in, from the bucket below's bound (0 for the first). A rank in the open
 * +Inf bucket answers the highest finite bound — a lower bound, never an invented figure.
 */
export function histogramQuantile(q: number, buckets: readonly HistogramBucket[]): number | null {
  const sorted = [...buckets].sort((a, b) => a.le - b.le);
  const total = sorted.at(-1)?.count ?? 0;
  if (total === 0) return null;
  const rank = q * total;
  let lowerBound = 0;
  let lowerCount = 0;
  for (const bucket of sorted) {
    if (bucket.count >= rank) {
      if (!Number.isFinite(bucket.le)) return lowerBound;
      const inBucket = bucket.count - lowerCount;
      if (inBucket === 0) return bucket.le;
      return lowerBound + ((bucket.le - lowerBound) * (rank - lowerCount)) / inBucket;
    }
    lowerBound = bucket.le;
    lowerCount = bucket.count;
  }
  return lowerBound;
}

export class StageLatencyService {
  constructor(
    private readonly histograms: StageHistogramsPort,
    private readonly access: AccessStep,
  ) {}

  async latencies(actor: Actor): Promise<StageLatency[]> {
    await this.access.require(actor, 'AGGREGATES', 'pipelineLatency');
    const rows = (await this.histograms.stageHistograms())
      .filter((h) => h.count > 0)
      .map((h) => ({
        source: h.source,
        stage: h.stage,
        count: h.count,
        p50: histogramQuantile(0.5, h.buckets),
        p95: histogramQuantile(0.95, h.buckets),
        p99: histogramQuantile(0.99, h.buckets),
      }))
      .sort((a, b) => a.source.localeCompare(b.source) || a.stage.localeCompare(b.stage));
    await this.access.recordRead(actor, 'pipelineLatency', []);
    return rows;
  }
}
