import { EventEmitter } from 'node:events';
import { type DataSource } from 'typeorm';
import { errorMessage, ShieldlineError } from '../common/errors';
import { type Logger } from '../common/logger';
import {
  type ConsumedMessage,
  type ConsumerHandle,
  type ConsumerOptions,
  DEFAULT_MAX_MESSAGE_BYTES,
  type EventLog,
  type LogMessage,
} from './event-log.port';

const POLL_IDLE_MS = 25;
/** At most this many messages per batch, and at most `maxBatchBytes` of their values. */
const BATCH_LIMIT = 500;
const DEFAULT_MAX_BATCH_BYTES = 1024 * 1024;

interface MessageRow {
  topic: string;
  seq: string;
  key: string;
  value: Buffer;
  headers: Record<string, string> | null;
  /** The topic's next sequence number as this read saw it (the same for every row of a read). */
  next_seq: string;
}

/**
 * The embedded default's event log: an append-only table in the hub's own PostgreSQL (PGlite in demo
 * mode). One partition per topic; `seq` is the offset. Appends to a topic are serialised with a
 * transaction-scoped advisory lock, so sequence order equals commit order and a reader never skips a
 * row that commits late. Intended for one process: a consumer group here has one active member.
 *
 * It shares the hub's DataSource, so in the embedded mode (pool of one connection, see app.ts) every
 * statement goes through a single PGlite connection.
 */
export class PostgresEventLog implements EventLog {
  readonly kind = 'postgres' as const;
  private readonly appended = new EventEmitter();
  private readonly stops = new Set<() => Promise<void>>();
  /** Appends under way: close() waits for them, so none runs on after it (or on a destroyed pool). */
  private readonly appending = new Set<Promise<void>>();
  private closed = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly logger: Logger,
  ) {
    this.appended.setMaxListeners(0);
  }

  async ensureTopics(topics: readonly string[]): Promise<void> {
    await this.query(
      `INSERT INTO log_topic (topic) SELECT unnest($1::text[]) ON CONFLICT (topic) DO NOTHING`,
      [topics],
      'EVENT_LOG_UNAVAILABLE',
    );
  }

  /** `table:<id>`: made with the table (migration LogIdentity), so a recreated log has a new one. */
  async identity(): Promise<string> {
    const rows = await this.query<{ log_id: string }>(
      'SELECT log_id::text AS log_id FROM event_log_identity',
      [],
      'EVENT_LOG_UNAVAILABLE',
    );
    return `table:${rows[0]?.log_id ?? 'unknown'}`;
  }

  /** No hard limit in a bytea, but the same as Kafka's default: what the demo accepts, production does. */
  maxMessageBytes(): number {
    return DEFAULT_MAX_MESSAGE_BYTES;
  }

  async resetGroup(groupId: string, topics: readonly string[]): Promise<void> {
    await this.query(
      'DELETE FROM log_consumer_offset WHERE group_id = $1 AND topic = ANY($2::text[])',
      [groupId, topics],
      'EVENT_LOG_UNAVAILABLE',
    );
  }

  publish(topic: string, messages: readonly LogMessage[]): Promise<void> {
    if (messages.length === 0) return Promise.resolve();
    if (this.closed) {
      return Promise.reject(
        new ShieldlineError('EVENT_LOG_UNAVAILABLE', 'the event log was closed', { retriable: true }),
      );
    }
    const append = this.append(topic, messages);
    const tracked = append.then(
      () => undefined,
      () => undefined,
    );
    this.appending.add(tracked);
    void tracked.finally(() => this.appending.delete(tracked));
    return append;
  }

  private async append(topic: string, messages: readonly LogMessage[]): Promise<void> {
    try {
      await this.dataSource.transaction(async (db) => {
        const known = await db.query<unknown[]>('SELECT 1 FROM log_topic WHERE topic = $1', [topic]);
        if (known.length === 0) {
          throw new ShieldlineError('EVENT_LOG_PUBLISH_FAILED', `unknown topic "${topic}"`);
        }
        await db.query('SELECT pg_advisory_xact_lock(hashtext($1))', [topic]);
        await db.query(
          `INSERT INTO log_message (topic, key, value, headers)
           SELECT $1, k, v, h FROM unnest($2::text[], $3::bytea[], $4::jsonb[]) AS m(k, v, h)`,
          [
            topic,
            messages.map((m) => m.key),
            messages.map((m) => m.value),
            messages.map((m) => m.headers ?? {}),
          ],
        );
      });
    } catch (err) {
      if (err instanceof ShieldlineError) throw err;
      throw new ShieldlineError('EVENT_LOG_PUBLISH_FAILED', `append failed: ${errorMessage(err)}`, {
        retriable: true,
        cause: err,
      });
    }
    this.appended.emit('append', topic);
  }

  async startConsumer(options: ConsumerOptions): Promise<ConsumerHandle> {
    const maxBatchBytes = options.maxBatchBytes ?? DEFAULT_MAX_BATCH_BYTES;
    const positions = new Map<string, bigint>();
    for (const topic of options.topics) {
      const stored = await this.query<{ next_seq: string }>(
        'SELECT next_seq FROM log_consumer_offset WHERE group_id = $1 AND topic = $2',
        [options.groupId, topic],
        'EVENT_LOG_UNAVAILABLE',
      );
      if (stored[0]) {
        positions.set(topic, BigInt(stored[0].next_seq));
      } else if (options.fromBeginning) {
        positions.set(topic, 0n);
      } else {
        const tail = await this.query<{ max: string | null }>(
          'SELECT max(seq)::text AS max FROM log_message WHERE topic = $1',
          [topic],
          'EVENT_LOG_UNAVAILABLE',
        );
        positions.set(topic, tail[0]?.max ? BigInt(tail[0].max) + 1n : 0n);
      }
    }

    let running = true;
    let wake: (() => void) | null = null;
    const onAppend = (topic: string) => {
      if (positions.has(topic)) wake?.();
    };
    this.appended.on('append', onAppend);

    // Topics whose reader refused them for good (a non-retriable error): not read again until restarted.
    const halted = new Set<string>();
    const pollOnce = async (): Promise<boolean> => {
      let delivered = false;
      for (const topic of options.topics) {
        if (halted.has(topic)) continue;
        const from = positions.get(topic) ?? 0n;
        const rows = await this.query<MessageRow>(
          `SELECT topic, seq::text AS seq, key, value, headers,
                  (SELECT coalesce(max(seq), -1) + 1 FROM log_message WHERE topic = $1)::text AS next_seq
           FROM (
             SELECT topic, seq, key, value, headers,
                    row_number() OVER (ORDER BY seq) AS n,
                    sum(octet_length(value)) OVER (ORDER BY seq) AS running_bytes
             FROM log_message
             WHERE topic = $1 AND seq >= $2
             -- The column, not a text alias of the same name: ordered as text, "10" came before "9", a
             -- batch was cut from the wrong 500 rows, and the position taken from its last row skipped
             -- messages whenever a backlog crossed a power of ten.
             ORDER BY log_message.seq LIMIT ${BATCH_LIMIT}
           ) AS candidate
           -- A prefix within the byte budget; the first message always, however large, so that one
           -- message bigger than the budget is delivered alone rather than never.
           WHERE n = 1 OR running_bytes <= $3
           ORDER BY candidate.seq`,
          [topic, from.toString(), maxBatchBytes],
          'EVENT_LOG_UNAVAILABLE',
        );
        if (rows.length === 0 || !running) continue;
        const messages: ConsumedMessage[] = rows.map((r) => ({
          topic: r.topic,
          partition: 0,
          offset: r.seq,
          key: r.key,
          value: r.value,
          headers: r.headers ?? {},
        }));
        try {
          await options.handleBatch({ topic, partition: 0, messages, highWatermark: rows[0]!.next_seq });
        } catch (err) {
          if (!(err instanceof ShieldlineError) || err.retriable) throw err;
          halted.add(topic);
          this.logger.error('topic halted by its reader', { groupId: options.groupId, topic });
          continue;
        }
        const next = BigInt(rows.at(-1)!.seq) + 1n;
        await this.query(
          `INSERT INTO log_consumer_offset (group_id, topic, next_seq) VALUES ($1, $2, $3)
           ON CONFLICT (group_id, topic) DO UPDATE SET next_seq = EXCLUDED.next_seq`,
          [options.groupId, topic, next.toString()],
          'EVENT_LOG_UNAVAILABLE',
        );
        positions.set(topic, next);
        delivered = true;
      }
      return delivered;
    };

    const loop = (async () => {
      let failures = 0;
      while (running) {
        try {
          const delivered = await pollOnce();
          failures = 0;
          if (delivered) continue;
        } catch (err) {
          failures += 1;
          this.logger.warn('table log consumer batch failed; will redeliver', {
            groupId: options.groupId,
            error: errorMessage(err),
          });
          await sleep(Math.min(5000, 100 * 2 ** Math.min(failures, 6)));
          continue;
        }
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, POLL_IDLE_MS);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wake = null;
      }
    })();

    const stop = async () => {
      running = false;
      wake?.();
      this.appended.off('append', onAppend);
      this.stops.delete(stop);
      await loop;
    };
    this.stops.add(stop);
    return { ready: Promise.resolve(), stop };
  }

  async ping(): Promise<void> {
    await this.query('SELECT 1 FROM log_topic LIMIT 1', [], 'EVENT_LOG_UNAVAILABLE');
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.stops].map((stop) => stop()));
    await Promise.all([...this.appending]);
  }

  private async query<Row>(sql: string, params: unknown[], code: 'EVENT_LOG_UNAVAILABLE'): Promise<Row[]> {
    try {
      return await this.dataSource.query<Row[]>(sql, params);
    } catch (err) {
      throw new ShieldlineError(code, `event log query failed: ${errorMessage(err)}`, {
        retriable: true,
        cause: err,
      });
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
