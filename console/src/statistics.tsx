import { CONSOLE_STATISTICS } from '../../src/api/console-documents';
import { useState } from 'preact/hooks';
import { Chart, type Series } from './chart';
import { words } from './format';
import { request } from './graphql';
import { ErrorSummary, useProblem } from './problem';
import { type Session } from './session';
import { type AggregateCell } from './types';

interface Cell extends AggregateCell {
  measure: string;
  policeArea: string | null;
}

const MEASURES = [
  ['ORDERS_GRANTED', 'Orders granted, by month and order type'],
  ['ALERTS_RAISED', 'Alerts raised, by month and kind'],
  ['CHARGING_DECISIONS', 'Charging decisions, by month and decision'],
  ['CASES_BY_STAGE', 'Cases by stage, now'],
] as const;

const monthsBetween = (from: string, to: string): string[] => {
  const months: string[] = [];
  const end = new Date(`${to}T00:00:00Z`);
  for (let d = new Date(`${from.slice(0, 7)}-01T00:00:00Z`); d < end; d.setUTCMonth(d.getUTCMonth() + 1))
    months.push(d.toISOString().slice(0, 7));
  return months;
};

const isoDate = (d: Date) => d.toISOString().slice(0, 10);

/**
 * The analyst's screen: counts by area, month and category, never a person (AGGREGATES). A cell under 5
 * is suppressed by the hub and shown as "fewer than 5", never as a number.
 */
export function StatisticsPage({
  session,
  onSignedOut,
}: {
  session: Session;
  onSignedOut: (reason: string) => void;
}) {
  const today = new Date();
  const [measure, setMeasure] = useState<string>('ORDERS_GRANTED');
  // A force's supervisors and control room see their own area's figures only: start there.
  const [area, setArea] = useState(
    session.claims.roles.includes('analyst') ? '' : (session.claims.area ?? ''),
  );
  const [from, setFrom] = useState(
    isoDate(new Date(Date.UTC(today.getUTCFullYear() - 1, today.getUTCMonth() + 1, 1))),
  );
  const [to, setTo] = useState(
    isoDate(new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() + 1, 1))),
  );
  const [cells, setCells] = useState<Cell[] | null>(null);
  const { problem, setProblem, failed } = useProblem(onSignedOut);

  const run = async (e: Event) => {
    e.preventDefault();
    setProblem(null);
    try {
      const data = await request<{ statistics: Cell[] }>(session, CONSOLE_STATISTICS, {
        measure,
        from,
        to,
        policeArea: area.trim() || null,
      });
      setCells(data.statistics);
    } catch (err) {
      failed(err);
    }
  };

  const timeless = measure === 'CASES_BY_STAGE';
  const categories = [...new Set((cells ?? []).map((c) => c.category))].sort();
  const xs = timeless ? ['now'] : monthsBetween(from, to);
  const series: Series[] = categories.map((category) => {
    const of = (x: string) =>
      (cells ?? []).filter((c) => c.category === category && (timeless || c.month === x));
    return {
      label: words(category),
      values: xs.map((x) => {
        const found = of(x);
        return found.some((c) => c.suppressed) ? null : found.reduce((n, c) => n + (c.count ?? 0), 0);
      }),
      shown: xs.map((x) => {
        const found = of(x);
        if (found.length === 0) return '0';
        return found.some((c) => c.suppressed)
          ? 'fewer than 5 in an area'
          : String(found.reduce((n, c) => n + (c.count ?? 0), 0));
      }),
    };
  });

  return (
    <>
      <h1 class="govuk-heading-l">Statistics</h1>
      <p class="govuk-body">Counts only, never a person. Cells under 5 are suppressed.</p>
      <form onSubmit={(e) => void run(e)} noValidate>
        <ErrorSummary problem={problem} />
        <div class="govuk-form-group">
          <label class="govuk-label" for="measure">
            Measure
          </label>
          <select
            class="govuk-select"
            id="measure"
            value={measure}
            onChange={(e) => setMeasure(e.currentTarget.value)}
          >
            {MEASURES.map(([value, label]) => (
              <option value={value} key={value}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div class="govuk-form-group">
          <label class="govuk-label" for="stat-area">
            Police area (optional: every area)
          </label>
          <input
            class="govuk-input govuk-input--width-10"
            id="stat-area"
            value={area}
            onInput={(e) => setArea(e.currentTarget.value)}
          />
        </div>
        <div class="govuk-form-group">
          <label class="govuk-label" for="stat-from">
            From (inclusive)
          </label>
          <input
            class="govuk-input govuk-input--width-10"
            id="stat-from"
            type="date"
            value={from}
            onInput={(e) => setFrom(e.currentTarget.value)}
          />
        </div>
        <div class="govuk-form-group">
          <label class="govuk-label" for="stat-to">
            To (exclusive)
          </label>
          <input
            class="govuk-input govuk-input--width-10"
            id="stat-to"
            type="date"
            value={to}
            onInput={(e) => setTo(e.currentTarget.value)}
          />
        </div>
        <button type="submit" class="govuk-button">
          Show
        </button>
      </form>
      {cells && (
        <section id="statistics" aria-live="polite">
          {cells.length === 0 ? (
            <p class="govuk-body">Nothing counted in this period.</p>
          ) : (
            <Chart
              title={MEASURES.find(([m]) => m === measure)?.[1] ?? measure}
              categoryLabel={timeless ? 'As of' : 'Month'}
              categories={xs}
              series={series}
            />
          )}
        </section>
      )}
    </>
  );
}
