import { histogramQuantile } from './stage-latency';

const buckets = (pairs: [number, number][]) => pairs.map(([le, count]) => ({ le, count }));

describe('histogramQuantile (as Prometheus histogram_quantile)', () => {
  it('should interpolate inside the bucket the rank falls in', () => {
    // 10 observations: 4 ≤ 0.1 s, 8 ≤ 0.5 s, all ≤ 1 s.
    const h = buckets([
      [0.1, 4],
      [0.5, 8],
      [1, 10],
      [Infinity, 10],
    ]);
    expect(histogramQuantile(0.5, h)).toBeCloseTo(0.1 + (0.4 * 1) / 4); // rank 5: 1 of 4 into (0.1, 0.5]
    expect(histogramQuantile(0.2, h)).toBeCloseTo(0.05); // rank 2: half of the first bucket, from 0
    expect(histogramQuantile(1, h)).toBeCloseTo(1);
  });

  it('should answer the highest finite bound, not a guess, when the rank is in +Inf', () => {
    const h = buckets([
      [0.1, 1],
      [1, 2],
      [Infinity, 10],
    ]);
    expect(histogramQuantile(0.99, h)).toBe(1);
  });

  it('should answer null, not 0, with no observation', () => {
    expect(
      histogramQuantile(
        0.5,
        buckets([
          [0.1, 0],
          [Infinity, 0],
        ]),
      ),
    ).toBeNull();
    expect(histogramQuantile(0.5, [])).toBeNull();
  });

  it('should not depend on the order the buckets come in', () => {
    const h = buckets([
      [Infinity, 10],
      [1, 10],
      [0.5, 8],
      [0.1, 4],
    ]);
    expect(histogramQuantile(0.5, h)).toBeCloseTo(0.2);
  });
});
