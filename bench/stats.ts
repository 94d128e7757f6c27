/** Latency summary in milliseconds (nearest-rank percentiles). */
export interface LatencySummary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

export function summarize(samplesMs: readonly number[]): LatencySummary {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const rank = (p: number) =>
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    count: sorted.length,
    p50: round(rank(50)),
    p95: round(rank(95)),
    p99: round(rank(99)),
    max: round(sorted.at(-1) ?? NaN),
    mean: round(sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length)),
  };
}

/**
 * Calls `send(i)` for i = 0..count-1 at a fixed rate, without waiting for earlier sends (open loop, so a
 * slow system shows up as latency rather than as a lower offered rate). Resolves when all sends settle.
 */
export async function atFixedRate(ratePerSecond: number, count: number, send: (i: number) => Promise<void>) {
  const started = performance.now();
  const pending: Promise<void>[] = [];
  let next = 0;
  while (next < count) {
    const due = Math.min(count, Math.floor(((performance.now() - started) / 1000) * ratePerSecond) + 1);
    while (next < due) pending.push(send(next++));
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  await Promise.all(pending);
  return (performance.now() - started) / 1000;
}

/**
 * Quantiles of a Prometheus histogram in an exposition text, as histogram_quantile() computes them
 * (linear interpolation inside the bucket holding the rank), in milliseconds, for the series whose
 * labels include all of `labels`. The resolution is the bucket layout's: read them as bounds, not points.
 */
export function histogramQuantiles(
  exposition: string,
  name: string,
  labels: Record<string, string>,
): { count: number; p50: number; p95: number; p99: number } | null {
  const buckets: { le: number; count: number }[] = [];
  for (const line of exposition.split('\n')) {
    if (!line.startsWith(`${name}_bucket{`)) continue;
    if (!Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) continue;
    const le = /le="([^"]+)"/.exec(line)?.[1];
    if (le === undefined) continue;
    buckets.push({
      le: le === '+Inf' ? Infinity : Number(le),
      count: Number(line.slice(line.lastIndexOf(' ') + 1)),
    });
  }
  buckets.sort((a, b) => a.le - b.le);
  const total = buckets.at(-1)?.count ?? 0;
  if (total === 0) return null;
  const quantile = (q: number) => {
    const rank = q * total;
    let lower = 0;
    let below = 0;
    for (const bucket of buckets) {
      if (bucket.count >= rank) {
        if (bucket.le === Infinity) return lower * 1000;
        const inBucket = bucket.count - below;
        const fraction = inBucket === 0 ? 0 : (rank - below) / inBucket;
        return Math.round((lower + (bucket.le - lower) * fraction) * 1000 * 10) / 10;
      }
      lower = bucket.le;
      below = bucket.count;
    }
    return NaN;
  };
  return { count: total, p50: quantile(0.5), p95: quantile(0.95), p99: quantile(0.99) };
}
