import 'reflect-metadata';
import { DataSource, MigrationExecutor } from 'typeorm';
import { MIGRATIONS } from '../../migrations';
import { errorMessage, ShieldlineError } from '../common/errors';

/**
 * One TypeORM DataSource. The schema is defined only by the hand-reviewed migrations (never
 * `synchronize`); the repositories hold all SQL, set-based where it matters. TypeORM provides the
 * connection pool, transactions and the migration runner — no entity classes, so nothing can drift from
 * the migrations or be exposed by accident.
 */
export function createDataSource(url: string, poolSize = 10): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities: [],
    migrations: MIGRATIONS,
    synchronize: false,
    migrationsRun: false,
    migrationsTransactionMode: 'each',
    // Migrations create the extensions they need (fuzzystrmatch); pgcrypto's gen_random_uuid is built
    // into Postgres 13+.
    installExtensions: false,
    uuidExtension: 'pgcrypto',
    logging: false,
    extra: { max: poolSize },
  });
}

export async function openDatabase(url: string, poolSize = 10): Promise<DataSource> {
  const dataSource = createDataSource(url, poolSize);
  try {
    await dataSource.initialize();
    await migrateUnderLock(dataSource);
  } catch (err) {
    await dataSource.destroy().catch(() => undefined);
    throw new ShieldlineError('DATABASE_UNAVAILABLE', `could not open database: ${errorMessage(err)}`, {
      retriable: true,
      cause: err,
    });
  }
  return dataSource;
}

/** Arbitrary, fixed: the advisory lock every Shieldline process takes to migrate. */
const MIGRATION_LOCK = 7_415_226_001;

/**
 * Runs pending migrations holding a session advisory lock, on one connection: roles started at once on a
 * fresh database (projector, gateway, ingest) migrate one after the other instead of racing to create
 * the same tables (which failed with duplicate pg_type rows). The lock ends with the session if the
 * process dies; one connection also suits the embedded database's pool of one.
 */
async function migrateUnderLock(dataSource: DataSource): Promise<void> {
  const runner = dataSource.createQueryRunner();
  try {
    await runner.connect();
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      const executor = new MigrationExecutor(dataSource, runner);
      executor.transaction = 'each';
      await executor.executePendingMigrations();
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    await runner.release();
  }
}
