import { CONSOLE_TRENDS } from '../../src/api/console-documents';
import { useEffect, useState } from 'preact/hooks';
import { Chart, type Series } from './chart';
import { words } from './format';
import { request, RequestFailed } from './graphql';
import { type Session } from './session';
import { type AggregateCell } from './types';

type Cell = AggregateCell;

interface Latency {
  source: string;
  stage: string;
  count: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

interface Trends {
  orders: Cell[];
  alerts: Cell[];
  pipelineLatency: Latency[];
}

/** The last `n` calendar months, oldest first, as YYYY-MM (Europe/London). */
function lastMonths(n: number, now = new Date()): string[] {
  const months: string[] = [];
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth();
  for (let i = n - 1; i >= 0; i--) {
    const d = new Date(Date.UTC(y, m - i, 1));
    months.push(`${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`);
  }
  return months;
}

/** One series per category; a suppressed cell is a gap in the chart and "fewer than 5" in the table. */
function byCategory(cells: Cell[], months: string[]): Series[] {
  const categories = [...new Set(cells.map((c) => c.category))].sort();
  return categories.map((category) => {
    const of = (month: string) => cells.find((c) => c.category === category && c.month === month);
    return {
      label: words(category),
      values: months.map((month) => {
        const cell = of(month);
        return cell ? cell.count : 0;
      }),
      shown: months.map((month) => {
        const cell = of(month);
        return !cell ? '0' : cell.suppressed ? 'fewer than 5' : String(cell.count);
      }),
    };
  });
}

const seconds = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 1000);

/**
 * Trends for the area's oversight (APP:42: "data on local trends"): orders granted and alerts raised
 * per month, and the hub's end-to-end lag per source — counts and durations only, from `statistics` and
 * `pipelineLatency`. A role without aggregates is told so, not shown an error.
 */
export function TrendsPanel({ session, area }: { session: Session; area: string }) {
  const [trends, setTrends] = useState<Trends | null>(null);
  const [refused, setRefused] = useState<string | null>(null);
  const months = lastMonths(12);

  useEffect(() => {
    const from = `${months[0]}-01`;
    const last = new Date(`${months.at(-1)}-01T00:00:00Z`);
    const to = new Date(Date.UTC(last.getUTCFullYear(), last.getUTCMonth() + 1, 1))
      .toISOString()
      .slice(0, 10);
    request<Trends>(session, CONSOLE_TRENDS, { policeArea: area, from, to }).then(setTrends, (err: unknown) =>
      setRefused(
        err instanceof RequestFailed && err.errors.some((e) => e.code === 'FORBIDDEN')
          ? 'Trends are for the force’s supervisors, control room and analysts.'
          : err instanceof Error
            ? err.message
            : String(err),
      ),
    );
  }, [session.token, session.purpose, area]);

  if (refused)
    return (
      <section id="trends">
        <h2 class="govuk-heading-m">Trends</h2>
        <p class="govuk-body">{refused}</p>
      </section>
    );
  if (!trends) return null;
  const delivered = trends.pipelineLatency.filter((l) => l.stage === 'delivered');
  const projected = trends.pipelineLatency.filter((l) => l.stage === 'projected');
  // One line per source across its percentiles: how the tail of each source's lag rises.
  const percentiles = ['p50', 'p95', 'p99'] as const;
  const latencySeries = (rows: Latency[]): Series[] =>
    rows.map((r) => ({ label: `${r.source} (${r.count})`, values: percentiles.map((q) => seconds(r[q])) }));
  return (
    <section id="trends" data-loaded="true">
      <h2 class="govuk-heading-m">Trends — {area}</h2>
      <p class="govuk-body-s">Counts by month, Europe/London. Cells under 5 are suppressed.</p>
      <Chart
        title="Orders granted per month, by order type"
        categoryLabel="Month"
        categories={months}
        series={byCategory(trends.orders, months)}
      />
      <Chart
        title="Alerts raised per month, by kind"
        categoryLabel="Month"
        categories={months}
        series={byCategory(trends.alerts, months)}
      />
      <h3 class="govuk-heading-s">End-to-end lag (this replica, since it started)</h3>
      {delivered.length + projected.length === 0 ? (
        <p class="govuk-body">No event has passed through this replica yet.</p>
      ) : (
        <>
          {projected.length > 0 && (
            <Chart
              title="Accepted to projected, seconds, by source (events seen)"
              categoryLabel="Percentile"
              categories={[...percentiles]}
              series={latencySeries(projected)}
              unit="s"
            />
          )}
          {delivered.length > 0 && (
            <Chart
              title="Accepted to delivered to subscribers, seconds, by source (events seen)"
              categoryLabel="Percentile"
              categories={[...percentiles]}
              series={latencySeries(delivered)}
              unit="s"
            />
          )}
        </>
      )}
    </section>
  );
}
