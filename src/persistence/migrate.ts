import { errorMessage } from '../common/errors';
import { parseConfig } from '../config/config';
import { openDatabase } from './data-source';

/**
 * `npm run migration:run`: applies pending migrations to DATABASE_URL and exits — the same migrations,
 * under the same advisory lock, as every role runs when it starts.
 */
async function main(): Promise<number> {
  const config = parseConfig(process.env, { instanceId: 'migrate' });
  if (!config.databaseUrl) {
    process.stderr.write('DATABASE_URL is required (the embedded demo migrates its own database)\n');
    return 2;
  }
  const dataSource = await openDatabase(config.databaseUrl, 1);
  const applied = await dataSource.query<{ name: string }[]>('SELECT name FROM migrations ORDER BY id');
  await dataSource.destroy();
  process.stdout.write(`${JSON.stringify({ migrated: true, migrations: applied.length })}\n`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`migration failed: ${errorMessage(err)}\n`);
    process.exit(1);
  },
);
