import { type EntityManager } from 'typeorm';

/** What the projector stored about one partition with its last batch. */
export interface StoredPosition {
  /** The next offset to read. */
  next: bigint;
  /** The log it was read from (EventLog.identity), or null when stored before logs had identities. */
  logId: string | null;
  /** sha-256 of the message at `next - 1`, the last one read, or null when stored before digests. */
  lastDigest: string | null;
}

export interface HaltedPartition {
  topic: string;
  partition: number;
  reason: string;
  haltedAt: string;
}

/**
 * The projector's read positions (consumer_offset), bound to the log they were read from. Inside a
 * batch's transaction (position, savePosition) or on their own (halts, re-seed, readiness).
 */
export class ReadPositionRepository {
  constructor(private readonly db: Pick<EntityManager, 'query'>) {}

  /** The partition's stored position, locked for this batch's transaction. */
  async position(group: string, topic: string, partition: number): Promise<StoredPosition | null> {
    const rows = await this.db.query<{ next: string; log_id: string | null; last_digest: string | null }[]>(
      `SELECT next_offset::text AS next, log_id, last_digest FROM consumer_offset
       WHERE consumer_group = $1 AND topic = $2 AND partition = $3 FOR UPDATE`,
      [group, topic, partition],
    );
    const row = rows[0];
    return row ? { next: BigInt(row.next), logId: row.log_id, lastDigest: row.last_digest } : null;
  }

  /** Saves where the group got to in which log; a partition that moves on is no longer halted. */
  async savePosition(
    group: string,
    topic: string,
    partition: number,
    position: { next: bigint; logId: string; lastDigest: string },
  ): Promise<void> {
    await this.db.query(
      `INSERT INTO consumer_offset (consumer_group, topic, partition, next_offset, log_id, last_digest, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, now())
       ON CONFLICT (consumer_group, topic, partition)
       DO UPDATE SET next_offset = EXCLUDED.next_offset, log_id = EXCLUDED.log_id,
                     last_digest = EXCLUDED.last_digest, halted_reason = NULL, halted_at = NULL,
                     updated_at = now()`,
      [group, topic, partition, position.next.toString(), position.logId, position.lastDigest],
    );
  }

  /** Marks a partition halted with why (kept until it moves on or is re-seeded). */
  async halt(group: string, topic: string, partition: number, reason: string): Promise<void> {
    await this.db.query(
      `UPDATE consumer_offset SET halted_reason = $4, halted_at = coalesce(halted_at, now())
       WHERE consumer_group = $1 AND topic = $2 AND partition = $3`,
      [group, topic, partition, reason],
    );
  }

  /** Positions of this group read from another log than `logId` (found at start, before any batch). */
  async fromOtherLogs(
    group: string,
    logId: string,
  ): Promise<{ topic: string; partition: number; logId: string }[]> {
    const rows = await this.db.query<{ topic: string; partition: number; log_id: string }[]>(
      `SELECT topic, partition, log_id FROM consumer_offset
       WHERE consumer_group = $1 AND log_id IS NOT NULL AND log_id <> $2 ORDER BY topic, partition`,
      [group, logId],
    );
    return rows.map((r) => ({ topic: r.topic, partition: r.partition, logId: r.log_id }));
  }

  async halted(group: string): Promise<HaltedPartition[]> {
    const rows = await this.db.query<
      { topic: string; partition: number; halted_reason: string; halted_at: Date }[]
    >(
      `SELECT topic, partition, halted_reason, halted_at FROM consumer_offset
       WHERE consumer_group = $1 AND halted_reason IS NOT NULL ORDER BY topic, partition`,
      [group],
    );
    return rows.map((r) => ({
      topic: r.topic,
      partition: r.partition,
      reason: r.halted_reason,
      haltedAt: new Date(r.halted_at).toISOString(),
    }));
  }

  /** Forgets every position of the group (re-seed): returns what was forgotten. */
  async forget(group: string): Promise<{ topic: string; partition: number; next: string }[]> {
    return this.db.query<{ topic: string; partition: number; next: string }[]>(
      // A CTE, so the driver answers rows (a bare DELETE comes back as [rows, count]).
      `WITH gone AS (DELETE FROM consumer_offset WHERE consumer_group = $1
                     RETURNING topic, partition, next_offset::text AS next)
       SELECT * FROM gone ORDER BY topic, partition`,
      [group],
    );
  }
}
