import { type Actor } from '../security/actor';
import { type AccessStep } from '../security/access-step';

/** The measures analysts get (by police force area, by month). */
export const MEASURES = ['ORDERS_GRANTED', 'CASES_BY_STAGE', 'CHARGING_DECISIONS', 'ALERTS_RAISED'] as const;
export type Measure = (typeof MEASURES)[number];

/** Cells counting fewer people or records than this are suppressed (UK official statistics practice). */
export const SUPPRESS_BELOW = 5;

export interface AggregateCount {
  measure: Measure;
  policeArea: string | null;
  /** YYYY-MM, or null for a measure that is a current state (cases by stage). */
  month: string | null;
  /** Order type, case stage, decision, alert kind. */
  category: string;
  count: number;
}

export interface AggregateCell extends Omit<AggregateCount, 'count'> {
  /** null when suppressed. */
  count: number | null;
  suppressed: boolean;
}

export interface AggregatesPort {
  counts(measure: Measure, from: string, to: string, policeArea: string | null): Promise<AggregateCount[]>;
}

/**
 * Counts for analysts: by area, order type, month, case stage and outcome. Only counts leave — no id, no
 * name, no date finer than a month — and cells under 5 are suppressed, so a figure is never a person.
 */
export class AggregatesService {
  constructor(
    private readonly reads: AggregatesPort,
    private readonly access: AccessStep,
  ) {}

  async statistics(
    actor: Actor,
    measure: Measure,
    from: string,
    to: string,
    policeArea: string | null,
  ): Promise<AggregateCell[]> {
    // A control room's or supervisor's aggregates are of its own area (APP:42); an analyst's national.
    await this.access.requireReach(actor, 'AGGREGATES', policeArea, 'statistics', [`measure:${measure}`]);
    const counts = await this.reads.counts(measure, from, to, policeArea);
    await this.access.recordRead(actor, 'statistics', [`measure:${measure}`, `from:${from}`, `to:${to}`]);
    return counts.map(suppress);
  }
}

export function suppress(cell: AggregateCount): AggregateCell {
  return cell.count < SUPPRESS_BELOW
    ? { ...cell, count: null, suppressed: true }
    : { ...cell, suppressed: false };
}
