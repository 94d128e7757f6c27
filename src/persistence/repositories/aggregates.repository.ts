import { type DataSource } from 'typeorm';
import { type AggregateCount, type AggregatesPort, type Measure } from '../../domain/aggregates.service';

/** Month of a time as analysts count it: the Europe/London calendar month. */
const MONTH = (column: string) => `to_char(${column} AT TIME ZONE 'Europe/London', 'YYYY-MM')`;

const QUERIES: Record<Measure, string> = {
  ORDERS_GRANTED: `
    SELECT upper(police_area) AS police_area, ${MONTH('coalesce(made_at, effective_from)')} AS month,
           order_type AS category, count(*)::int AS count
    FROM protective_order
    WHERE granted AND coalesce(made_at, effective_from) >= $1::date AND coalesce(made_at, effective_from) < $2::date
      AND ($3::text IS NULL OR upper(police_area) = $3)
    GROUP BY 1, 2, 3`,
  CASES_BY_STAGE: `
    SELECT upper(police_area) AS police_area, NULL AS month, stage AS category, count(*)::int AS count
    FROM case_record
    WHERE updated_at >= $1::date AND updated_at < $2::date AND ($3::text IS NULL OR upper(police_area) = $3)
    GROUP BY 1, 2, 3`,
  CHARGING_DECISIONS: `
    SELECT upper(c.police_area) AS police_area, to_char((d->>'decidedOn')::date, 'YYYY-MM') AS month,
           d->>'decision' AS category, count(*)::int AS count
    FROM case_record c, jsonb_array_elements(c.detail->'decisions') d
    WHERE (d->>'decidedOn')::date >= $1::date AND (d->>'decidedOn')::date < $2::date
      AND ($3::text IS NULL OR upper(c.police_area) = $3)
    GROUP BY 1, 2, 3`,
  ALERTS_RAISED: `
    SELECT upper(police_area) AS police_area, ${MONTH('raised_at')} AS month, kind AS category,
           count(*)::int AS count
    FROM alert
    WHERE raised_at >= $1::date AND raised_at < $2::date AND ($3::text IS NULL OR upper(police_area) = $3)
    GROUP BY 1, 2, 3`,
};

export class AggregatesRepository implements AggregatesPort {
  constructor(private readonly dataSource: DataSource) {}

  async counts(
    measure: Measure,
    from: string,
    to: string,
    policeArea: string | null,
  ): Promise<AggregateCount[]> {
    const rows = await this.dataSource.query<
      { police_area: string | null; month: string | null; category: string; count: number }[]
    >(
      `SELECT * FROM (${QUERIES[measure]}) cells ORDER BY police_area NULLS LAST, month NULLS FIRST, category`,
      [from, to, policeArea],
    );
    return rows.map((r) => ({
      measure,
      policeArea: r.police_area,
      month: r.month,
      category: r.category,
      count: r.count,
    }));
  }
}
