import PgBoss from 'pg-boss';
import { type Pool } from 'pg';
import { type DataSource } from 'typeorm';
import { type PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { errorMessage } from '../common/errors';
import { deterministicUuid } from '../common/ids';
import { type Logger } from '../common/logger';

/** Anything that runs SQL: a DataSource, or the EntityManager of an open transaction. */
export interface SqlRunner {
  query<T = unknown>(text: string, parameters?: unknown[]): Promise<T>;
}

export interface ScheduledJob<Data extends object> {
  /** Deterministic: scheduling the same job twice (a re-fold, a sweep, a rebuild) keeps one. */
  id: string;
  data: Data;
  startAfter: Date;
}

export interface DueJob<Data extends object> {
  id: string;
  data: Data;
}

/** The clock transitions' queue (src/projection/clock-worker.ts). */
export const CLOCK_QUEUE = 'clock-transition';
/** Acknowledgement checks and escalations of orders announced to a force (acknowledgement-watch.ts). */
export const ACK_QUEUE = 'order-acknowledgement';
/** Attempts to deliver a change to a force's endpoint (src/delivery). */
export const DELIVERY_QUEUE = 'force-delivery';

/** Messages to protected persons who asked to be told (src/delivery/victim-notification.ts). */
export const VICTIM_QUEUE = 'victim-notification';

export interface VictimJobData {
  notificationId: string;
  attempt: number;
}

/** One attempt of a victim notification, at `at` (a quiet window moves it; the id keeps it once). */
export function victimAttemptJob(
  notificationId: string,
  attempt: number,
  at: Date,
): ScheduledJob<VictimJobData> {
  return {
    id: deterministicUuid('victim-attempt', notificationId, String(attempt), at.toISOString()),
    data: { notificationId, attempt },
    startAfter: at,
  };
}

export interface DeliveryJobData {
  deliveryId: string;
  attempt: number;
}

/** One attempt of a delivery; the id keeps a retried job from scheduling its next attempt twice. */
export function deliveryAttemptJob(
  deliveryId: string,
  attempt: number,
  at: Date,
  replay: string | null = null,
): ScheduledJob<DeliveryJobData> {
  return {
    id: deterministicUuid('delivery-attempt', deliveryId, String(attempt), replay ?? ''),
    data: { deliveryId, attempt },
    startAfter: at,
  };
}

/**
 * Durable timers in PostgreSQL, with pg-boss — the only module that imports it. Why pg-boss and not
 * graphile-worker: both keep jobs in PostgreSQL, fire once across replicas (SKIP LOCKED) and survive
 * restarts; pg-boss can run every statement through the hub's own connection pool (a `db` adapter),
 * which the embedded PGlite needs (one session behind its socket; graphile-worker holds a LISTEN
 * connection of its own), and it can insert jobs inside the projector's transaction, so a clock and its
 * timers commit together. pg-boss 10 is the last line that runs on Node 20.
 *
 * Jobs carry deterministic ids, so scheduling is idempotent; a job whose clock has moved since is
 * recognised as stale by its handler, so nothing needs cancelling. pg-boss creates and migrates its own
 * schema (`pgboss`) at start, under its own advisory lock.
 */
export class JobQueue {
  private constructor(
    private readonly boss: PgBoss,
    private readonly logger: Logger,
    private readonly pollingIntervalSeconds: number,
  ) {}

  /** Opens the queue on the hub's pool (its schema is created or migrated the first time). */
  static async open(
    dataSource: DataSource,
    logger: Logger,
    options: { pollIntervalMs: number; supervise: boolean },
  ): Promise<JobQueue> {
    const pool = (dataSource.driver as PostgresDriver).master as Pool;
    const boss = new PgBoss({
      db: { executeSql: (text: string, values?: unknown[]) => pool.query(text, values) },
      schema: 'pgboss',
      migrate: true,
      // Maintenance (expiring jobs a crashed worker held, archiving) only where jobs are worked.
      supervise: options.supervise,
      schedule: false,
    });
    boss.on('error', (err) => logger.warn('job queue error', { error: errorMessage(err) }));
    await boss.start();
    for (const queue of [CLOCK_QUEUE, ACK_QUEUE, DELIVERY_QUEUE, VICTIM_QUEUE]) {
      await boss.createQueue(queue, {
        name: queue,
        policy: 'standard',
        // A transient failure (database restarting) is retried with backoff; a worker that died holding
        // a job gives it back after a minute.
        retryLimit: 50,
        retryDelay: 5,
        retryBackoff: true,
        expireInSeconds: 60,
      });
    }
    return new JobQueue(boss, logger, Math.max(0.5, options.pollIntervalMs / 1000));
  }

  /** Inserts jobs through `runner` — inside the caller's transaction when it is one. */
  async schedule<Data extends object>(
    runner: SqlRunner,
    queue: string,
    jobs: readonly ScheduledJob<Data>[],
  ): Promise<void> {
    if (jobs.length === 0) return;
    await this.boss.insert(
      jobs.map((job) => ({
        id: job.id,
        name: queue,
        data: job.data,
        startAfter: job.startAfter,
        // Kept until a fortnight after it was due (pg-boss archives older created jobs).
        keepUntil: new Date(job.startAfter.getTime() + 14 * 24 * 3600 * 1000),
      })),
      {
        db: {
          executeSql: async (text: string, values?: unknown[]) => ({
            rows: await runner.query<unknown[]>(text, values),
          }),
        },
      } as PgBoss.InsertOptions,
    );
  }

  /**
   * Works due jobs of `queue` in batches; a batch that throws is retried by pg-boss (with backoff). A full
   * batch is followed by the next fetch at once (pg-boss otherwise waits its polling interval between
   * fetches, which would cap a backlog at one batch per interval).
   */
  async work<Data extends object>(
    queue: string,
    handler: (jobs: readonly DueJob<Data>[]) => Promise<void>,
    options: { batchSize: number },
  ): Promise<void> {
    let workerId: string | null = null;
    workerId = await this.boss.work<Data>(
      queue,
      { batchSize: options.batchSize, pollingIntervalSeconds: this.pollingIntervalSeconds },
      async (jobs) => {
        await handler(jobs.map((j) => ({ id: j.id, data: j.data })));
        if (jobs.length >= options.batchSize && workerId) this.boss.notifyWorker(workerId);
      },
    );
  }

  /** Stops working (waits for the jobs in hand) and stops maintenance. */
  async stop(): Promise<void> {
    await this.boss.stop({ graceful: true, wait: true, close: false }).catch((err: unknown) => {
      this.logger.warn('job queue did not stop cleanly', { error: errorMessage(err) });
    });
  }
}
