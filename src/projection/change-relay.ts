import { type DataSource } from 'typeorm';
import { errorMessage } from '../common/errors';
import { type Logger } from '../common/logger';
import { type EventLog, type LogMessage } from '../messaging/event-log.port';
import { ChangeOutboxRepository } from '../persistence/repositories/change-outbox.repository';

/** Outbox rows per pass; each row holds one projector batch's changes (see ProjectionRepository.enqueueChanges). */
const RELAY_BATCH = 50;
/** A claim older than this is presumed abandoned by a crashed relay and taken over. */
const CLAIM_TIMEOUT_SECONDS = 30;

/**
 * Transactional outbox relay: the projector writes change messages into change_outbox in the same
 * transaction as the projection; this publishes them to the change-feed topic and deletes them.
 * A crash between commit and publish loses nothing — the rows wait for the next flush.
 *
 * Rows are claimed, then published, then deleted (ChangeOutboxRepository). A crash after publish and
 * before delete repeats those changes after the claim times out — subscribers get `eventId` to
 * de-duplicate.
 */
export class ChangeRelay {
  private running: Promise<void> | null = null;
  private again = false;

  private readonly outbox: ChangeOutboxRepository;

  constructor(
    dataSource: DataSource,
    private readonly eventLog: EventLog,
    /**
     * The change-feed topic this deployment writes. Only its rows are relayed: hubs with other topic
     * prefixes may share the database, and publishing their rows would send them to a topic this hub's
     * log does not hold (a Kafka producer then retries its metadata until the publish bound).
     */
    private readonly topic: string,
    private readonly relayId: string,
    private readonly logger: Logger,
  ) {
    this.outbox = new ChangeOutboxRepository(dataSource);
  }

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
    const rows = await this.outbox.claim(this.topic, this.relayId, RELAY_BATCH, CLAIM_TIMEOUT_SECONDS);
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
    await this.outbox.release(
      this.relayId,
      rows.map((r) => r.id),
    );
    return rows.length === RELAY_BATCH;
  }
}
