import { type DataSource } from 'typeorm';
import { type CloudEvent } from '../messaging/envelope';
import { ProjectionRepository } from '../persistence/repositories/projection.repository';
import { projectEvents } from './domain.projection';

/** Every table the projector derives from the event store (not the store, offsets, outbox or audit). */
export const PROJECTION_TABLES = [
  'person',
  'person_assertion',
  'protective_order',
  'bail',
  'notice',
  'breach',
  'case_party',
  'case_record',
  'deadline',
  'alert',
  'timeline_entry',
  'event_stream',
] as const;

/**
 * Drops every projection and folds the event store again, in receipt order, through the same code as
 * the live projector — the event log is the source of truth (docs/architecture.md). One transaction: readers
 * see the old state until it commits, and live projector batches wait on the truncated tables' locks,
 * then fold on top of the rebuilt state (their folds re-read whole streams), so it is safe to run live.
 * Nothing is announced on the change feed.
 */
export async function rebuildProjections(
  dataSource: DataSource,
  options: { chunkSize?: number; onProgress?: (done: number) => void } = {},
): Promise<{ events: number }> {
  const chunkSize = options.chunkSize ?? 2000;
  let done = 0;
  await dataSource.transaction(async (db) => {
    await db.query(`TRUNCATE ${PROJECTION_TABLES.join(', ')}`);
    const repo = new ProjectionRepository(db);
    let after: { receivedAt: string; eventId: string } | null = null;
    for (;;) {
      const rows: { envelope: CloudEvent; received_at: string; event_id: string }[] = await db.query(
        `SELECT envelope, received_at::text, event_id::text FROM event_store
         WHERE $1::timestamptz IS NULL OR (received_at, event_id) > ($1::timestamptz, $2::uuid)
         ORDER BY received_at, event_id LIMIT $3`,
        [after?.receivedAt ?? null, after?.eventId ?? null, chunkSize],
      );
      if (rows.length === 0) break;
      await projectEvents(
        repo,
        rows.map((r) => r.envelope),
      );
      done += rows.length;
      options.onProgress?.(done);
      const last = rows.at(-1)!;
      after = { receivedAt: last.received_at, eventId: last.event_id };
    }
  });
  return { events: done };
}
