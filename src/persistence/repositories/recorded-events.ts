import { type DataSource } from 'typeorm';
import { type RecordedEventLookup } from '../../ingest/ingest.service';

/**
 * Which event ids the projector has already recorded. Lets ingest answer "duplicate" for a re-sent
 * record and skip publishing it again; one indexed query per batch (event_store's primary key).
 */
export function recordedEventLookup(dataSource: DataSource): RecordedEventLookup {
  return async (eventIds) => {
    const rows: { event_id: string }[] = await dataSource.query(
      'SELECT event_id FROM event_store WHERE event_id = ANY($1::uuid[])',
      [eventIds],
    );
    return new Set(rows.map((r) => r.event_id));
  };
}
