import { type DataSource } from 'typeorm';
import { errorMessage } from '../common/errors';
import { type Logger } from '../common/logger';
import { type EventLog, type LogMessage } from '../messaging/event-log.port';

/** Outbox rows per pass; each row holds one projector batch's changes (see ProjectionRepository.enqueueChanges). */
const RELAY_BATCH = 50;
/** A claim older than this is presumed abandoned by a crashed relay and taken over. */
const CLAIM_TIMEOUT_SECONDS = 30;

/**
 * Transactional outbox relay: the projector writes change messages into change_outbox in the same
 * transaction as the projection; this publishes them to the change-feed topic and deletes them.
 * A crash between commit and publish loses nothing — the rows wait for the next flush.
 *
 * Rows are claimed by one auto-committed UPDATE (SKIP LOCKED), then published, then deleted; no database
 * transaction is held open across the publish, because with the embedded PGlite (one session behind the
 * socket) the table log's own append would wait for it forever. A crash after publish and before delete
 * repeats those changes after the claim times out — subscribers get `eventId` to de-duplicate.
 */
export class ChangeRelay {
  private running: Promise<void> | null = null;
  private again = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly eventLog: EventLog,
    private readonly relayId: string,
    private readonly logger: Logger,
  ) {}

  /** Single-flight: concurrent calls coalesce into one more pass. */
  flush(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          while (await this.relayOnce()) {
            /* keep draining */
          }
        } while (this.again);
      } catch (err) {
        this.logger.warn('change relay failed; will retry on the next flush', { error: errorMessage(err) });
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  private async relayOnce(): Promise<boolean> {
    const rows = await this.dataSource.query<{ id: string; topic: string; key: string; payload: unknown }[]>(
      `WITH claimed AS (
         UPDATE change_outbox SET claimed_by = $1, claimed_at = now()
         WHERE change_id IN (
           SELECT change_id FROM change_outbox
           WHERE claimed_by IS NULL OR claimed_at < now() - make_interval(secs => $2)
           ORDER BY change_id LIMIT ${RELAY_BATCH} FOR UPDATE SKIP LOCKED)
         RETURNING change_id, topic, key, payload)
       SELECT change_id::text AS id, topic, key, payload FROM claimed ORDER BY change_id`,
      [this.relayId, CLAIM_TIMEOUT_SECONDS],
    );
    if (rows.length === 0) return false;
    const byTopic = new Map<string, LogMessage[]>();
    for (const row of rows) {
      const list = byTopic.get(row.topic) ?? [];
      // A row is one projector batch's changes, in order: [{ key, payload }, …]. A single message (the
      // walking skeleton's format) is still accepted, so an outbox left by an older version drains.
      const messages = Array.isArray(row.payload)
        ? (row.payload as { key: string; payload: unknown; headers?: Record<string, string> }[])
        : [{ key: row.key, payload: row.payload }];
      for (const m of messages) {
        const value = Buffer.from(JSON.stringify(m.payload), 'utf8');
        list.push(m.headers ? { key: m.key, value, headers: m.headers } : { key: m.key, value });
      }
      byTopic.set(row.topic, list);
    }
    for (const [topic, messages] of byTopic) await this.eventLog.publish(topic, messages);
    await this.dataSource.query(
      `DELETE FROM change_outbox WHERE change_id = ANY($1::bigint[]) AND claimed_by = $2`,
      [rows.map((r) => r.id), this.relayId],
    );
    return rows.length === RELAY_BATCH;
  }
}
