import { type DataSource } from 'typeorm';
import { type RecordedEventLookup } from '../../ingest/ingest.service';

/**
 * Which events the projector has already recorded (one indexed query per batch on event_store's primary
 * key) and, for those only, whether they were recorded with different content: a second query, paid
 * only when a batch holds re-sent records.
 */
export function recordedEventLookup(dataSource: DataSource): RecordedEventLookup {
  return async (events) => {
    const rows: { event_id: string }[] = await dataSource.query(
      'SELECT event_id FROM event_store WHERE event_id = ANY($1::uuid[])',
      [events.map((e) => e.id)],
    );
    const recorded = new Set(rows.map((r) => r.event_id));
    if (recorded.size === 0) return { recorded, conflicting: new Set() };
    const resent = events.filter((e) => recorded.has(e.id));
    const differing: { event_id: string }[] = await dataSource.query(
      `SELECT s.event_id
         FROM event_store s
         JOIN unnest($1::uuid[], $2::jsonb[]) AS sent(id, content) ON s.event_id = sent.id
        WHERE jsonb_build_object('data', s.envelope::jsonb -> 'data', 'time', s.envelope::jsonb -> 'time')
              IS DISTINCT FROM sent.content`,
      [resent.map((e) => e.id), resent.map((e) => JSON.stringify(e.content))],
    );
    return { recorded, conflicting: new Set(differing.map((r) => r.event_id)) };
  };
}
