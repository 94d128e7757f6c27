import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';

export interface Series {
  label: string;
  /** One value per x; null: no value (a suppressed cell, a month with nothing reported). */
  values: (number | null)[];
  /** What the table shows for each value, when not the number itself (e.g. "fewer than 5"). */
  shown?: string[];
}

interface Props {
  /** What the chart shows, for screen readers; the table beside it holds every figure. */
  title: string;
  /** x labels (months, sources). */
  categories: string[];
  series: Series[];
  /** The table's heading for the categories (Month, Percentile…). */
  categoryLabel: string;
  unit?: string;
}

// GOV.UK's palette, in an order that keeps neighbours apart for colour-blind readers.
const COLOURS = ['#1d70b8', '#f47738', '#00703c', '#4c2c92', '#d4351c', '#28a197', '#b58840', '#912b88'];

/**
 * A chart drawn by uPlot (canvas), with the same figures in a table beneath it: the chart is for a glance
 * across the room, the table for exact figures and for anyone not using the picture.
 */
export function Chart({ title, categories, series, categoryLabel, unit = '' }: Props) {
  const container = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const element = container.current;
    if (!element || categories.length === 0) return;
    const width = Math.max(280, Math.min(element.clientWidth || 560, 720));
    const xs = categories.map((_, i) => i);
    const plot = new uPlot(
      {
        width,
        height: 220,
        legend: { show: true },
        cursor: { show: true },
        scales: { x: { time: false, range: [-0.5, categories.length - 0.5] } },
        axes: [
          {
            values: (_u, ticks) => ticks.map((t) => categories[Math.round(t)] ?? ''),
            splits: () => xs,
          },
          { label: unit || undefined, size: 50 },
        ],
        series: [
          { label: 'x', value: (_u, v) => categories[Math.round(v)] ?? '' },
          ...series.map((s, i) => ({
            label: s.label,
            stroke: COLOURS[i % COLOURS.length],
            width: 2,
            points: { show: true, size: 6 },
          })),
        ],
      },
      [xs, ...series.map((s) => s.values)] as uPlot.AlignedData,
      element,
    );
    return () => plot.destroy();
  }, [categories.join('|'), JSON.stringify(series)]);

  return (
    <figure class="shieldline-chart">
      <div ref={container} role="img" aria-label={`${title}: chart; the table below gives every figure`} />
      <figcaption class="govuk-body govuk-!-font-weight-bold">{title}</figcaption>
      <details class="govuk-details shieldline-chart-figures">
        <summary class="govuk-details__summary">
          <span class="govuk-details__summary-text">The figures</span>
        </summary>
        <table class="govuk-table shieldline-chart-table">
          <caption class="govuk-table__caption govuk-visually-hidden">{title}</caption>
          <thead class="govuk-table__head">
            <tr class="govuk-table__row">
              <th scope="col" class="govuk-table__header">
                {categoryLabel}
              </th>
              {series.map((s) => (
                <th scope="col" class="govuk-table__header govuk-table__header--numeric" key={s.label}>
                  {s.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody class="govuk-table__body">
            {categories.map((category, i) => (
              <tr class="govuk-table__row" key={category}>
                <th scope="row" class="govuk-table__header">
                  {category}
                </th>
                {series.map((s) => (
                  <td class="govuk-table__cell govuk-table__cell--numeric" key={s.label}>
                    {s.shown?.[i] ??
                      (s.values[i] === null || s.values[i] === undefined
                        ? '—'
                        : `${s.values[i]}${unit ? ` ${unit}` : ''}`)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
