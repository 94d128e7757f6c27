import 'reflect-metadata';
import { DataSource } from 'typeorm';
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
    // PGlite has no extensions to install; pgcrypto's gen_random_uuid is built into Postgres 13+.
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
    await dataSource.runMigrations();
  } catch (err) {
    await dataSource.destroy().catch(() => undefined);
    throw new ShieldlineError('DATABASE_UNAVAILABLE', `could not open database: ${errorMessage(err)}`, {
      retriable: true,
      cause: err,
    });
  }
  return dataSource;
}
