import { type DataSource } from 'typeorm';

/** One outbox row: one projector batch's change messages for a topic (ProjectionRepository.enqueueChanges). */
export interface OutboxRow {
  id: string;
  topic: string;
  key: string;
  payload: unknown;
}

/**
 * The change outbox as the relay drains it. Rows are claimed by one auto-committed UPDATE (SKIP LOCKED)
 * and deleted after they are published, so no transaction is held open across the publish (with the
 * embedded PGlite, one session behind the socket, the table log's own append would wait for it).
 */
export class ChangeOutboxRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Up to `limit` rows for `topic` that no relay holds (or whose claim is older than
   * `claimTimeoutSeconds`), oldest first.
   */
  claim(topic: string, relayId: string, limit: number, claimTimeoutSeconds: number): Promise<OutboxRow[]> {
    return this.dataSource.query<OutboxRow[]>(
      `WITH claimed AS (
         UPDATE change_outbox SET claimed_by = $1, claimed_at = now()
         WHERE change_id IN (
           SELECT change_id FROM change_outbox
           WHERE topic = $4 AND (claimed_by IS NULL OR claimed_at < now() - make_interval(secs => $2))
           ORDER BY change_id LIMIT $3 FOR UPDATE SKIP LOCKED)
         RETURNING change_id, topic, key, payload)
       SELECT change_id::text AS id, topic, key, payload FROM claimed ORDER BY change_id`,
      [relayId, claimTimeoutSeconds, limit, topic],
    );
  }

  /** Deletes the published rows this relay still holds. */
  async release(relayId: string, ids: readonly string[]): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM change_outbox WHERE change_id = ANY($1::bigint[]) AND claimed_by = $2`,
      [ids, relayId],
    );
  }
}
