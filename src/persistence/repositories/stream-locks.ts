import { type SqlRunner } from '../job-queue';

/** Advisory-lock namespace for stream folds ("sl" + "st"). */
export const STREAM_LOCK_SPACE = 0x736c7374;

/**
 * Takes the transaction's lock on each stream, in one order (so two lockers cannot deadlock): a fold of a
 * stream and a clock transition raised on it wait for each other.
 */
export async function lockStreams(db: SqlRunner, streamKeys: readonly string[]): Promise<void> {
  if (streamKeys.length === 0) return;
  await db.query(
    `SELECT pg_advisory_xact_lock(${STREAM_LOCK_SPACE}, h)
     FROM (SELECT DISTINCT hashtext(k) AS h FROM unnest($1::text[]) AS k ORDER BY 1) AS ordered`,
    [[...streamKeys]],
  );
}
