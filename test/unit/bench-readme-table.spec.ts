import { END, renderBenchTable, START, withBenchTable, type BenchReport } from '../../bench/readme-table';

const summary = (p50: number, p99: number, count = 10) => ({ p50, p99, count });
const loop = (requestsPerSecond: number, p99: number) => ({
  requestsPerSecond,
  latencyMs: summary(p99 / 2, p99),
});

const report: BenchReport = {
  at: '2026-12-07T15:45:00.000Z',
  machine: { cpus: 2, node: 'v20.20.2' },
  offeredRatePerSecond: 200,
  published: 1000,
  rejected: 0,
  connectionErrors: 0,
  hub: { publishToSubscriptionMs: summary(90, 240, 1000), deliveredPerSecond: 199 },
  baseline: { rawKafkajsProduceToConsumeMs: summary(2, 12) },
  steps: [
    {
      offeredRatePerSecond: 500,
      published: 2500,
      rejected: 300,
      connectionErrors: 0,
      sustainedPerSecond: 440,
      publishToSubscriptionMs: summary(400, 900),
      rawKafkajsProduceToConsumeMs: summary(3, 30),
    },
  ],
  capacity: { ordersPerSecond: 200, p99BoundMs: 250 },
  officerQuery: { hub: loop(900, 40), bare: loop(1000, 35), postgraphile: loop(800, 50) },
  console: {
    jsGzipBytes: 53_350,
    cssGzipBytes: 17_000,
    budgetJsGzipBytes: 153_600,
    searchToFirstResultPaintMs: { p50: 42.5, p95: 68.8 },
    sameQueryOverHttpMs: { p50: 13.1, p95: 19.5 },
  },
};

describe("the README's bench table", () => {
  it('puts each figure next to its peer from the same run, as a ratio, with its target', () => {
    const table = renderBenchTable(report);
    expect(table).toContain('| officer query, req/s | 900 | PostGraphile 5: 800 | ×1.13 | ≥ ×1.00: met |');
    expect(table).toContain(
      "| officer query, p99 ms | 40.0 | PostGraphile 5: 50.0 | ×0.80 | ≤ PostGraphile's: met |",
    );
    expect(table).toContain('| live path capacity (p99 ≤ 250 ms, nothing refused) | 200 orders/s |');
    expect(table).toContain('| 200 | 0 / 1,000 | 0 | 199 | 90.0 / 240 | 12.0 |');
    expect(table).toContain('| 500 | 300 / 2,500 | 0 | 440 | 400 / 900 | 30.0 |');
    expect(table).toContain(
      '| console JavaScript, gzipped | 52.1 KB (CSS 16.6 KB) | budget: 150.0 KB | ×0.35 | ≤ budget: met |',
    );
    expect(table).toContain(
      '| officer search → first result painted (Chromium), p50 / p95 ms | 42.5 / 68.8 | the same query over HTTP: 13.1 / 19.5 | ×3.24 (p50) | — |',
    );
  });

  it('says a skipped scenario was not run instead of showing an older figure', () => {
    expect(renderBenchTable({ ...report, projectorThroughput: undefined })).toContain(
      '| projector, events/s | not run | Debezium JDBC sink: not run | — | — |',
    );
  });

  it('replaces only what stands between the markers, and refuses a README without them', () => {
    const readme = `intro\n${START}\nold table\n${END}\nrest\n`;
    const updated = withBenchTable(readme, report);
    expect(updated.startsWith(`intro\n${START}\n`)).toBe(true);
    expect(updated.endsWith(`${END}\nrest\n`)).toBe(true);
    expect(updated).not.toContain('old table');
    expect(() => withBenchTable('no markers', report)).toThrow('no <!-- bench:latest:start');
  });
});
