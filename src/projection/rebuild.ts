import { type DataSource } from 'typeorm';
import { ProjectionRepository } from '../persistence/repositories/projection.repository';
import { projectEvents } from './domain.projection';
import { scorePendingLinks } from './link-scoring';

export { PROJECTION_TABLES } from '../persistence/repositories/projection.repository';

/**
 * Drops every projection and folds the event store again, in receipt order, through the same code as
 * the live projector — the event log is the source of truth (docs/architecture.md). One transaction: TRUNCATE
 * takes each projection table's exclusive lock, so officer reads of those tables wait until it commits
 * (they never see a half-built state, but they are held for the whole rebuild), and live projector
 * batches wait too, then fold on top of the rebuilt state (their folds re-read whole streams). Safe to
 * run live, not free: run it when a pause in reads is acceptable.
 * Nothing is announced on the change feed.
 */
export async function rebuildProjections(
  dataSource: DataSource,
  options: { chunkSize?: number; onProgress?: (done: number) => void } = {},
): Promise<{ events: number }> {
  const chunkSize = options.chunkSize ?? 2000;
  let done = 0;
  await dataSource.transaction(async (db) => {
    const repo = new ProjectionRepository(db);
    await repo.excludeLinkScorers();
    await repo.truncateProjections();
    let after: { receivedAt: string; eventId: string } | null = null;
    for (;;) {
      const rows = await repo.storedEventsAfter(after, chunkSize);
      if (rows.length === 0) break;
      await projectEvents(
        repo,
        rows.map((r) => r.envelope),
      );
      done += rows.length;
      options.onProgress?.(done);
      const last = rows.at(-1)!;
      after = { receivedAt: last.receivedAt, eventId: last.eventId };
    }
    // Every person is queued by now: score them all before the rebuild commits, so it ends as the live
    // state does once its scorer has caught up.
    while ((await scorePendingLinks(repo)) > 0);
  });
  return { events: done };
}
