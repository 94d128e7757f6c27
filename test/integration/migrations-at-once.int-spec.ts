import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { openDatabase } from '../../src/persistence/data-source';
import { MIGRATIONS } from '../../migrations';
import { testDatabaseUrl, uniqueToken } from '../utils/test-hub';
import { fromSource } from '../utils/from-source';

/** Roles started at once on a fresh database all start: migrations run one process at a time. */
describe('migrations on a fresh database, from many processes at once (real PostgreSQL)', () => {
  const name = `shieldline_migrate_${uniqueToken().toLowerCase()}`;
  const admin = () => new Client({ connectionString: testDatabaseUrl() });
  let url: string;

  beforeAll(async () => {
    const client = admin();
    await client.connect();
    await client.query(`CREATE DATABASE ${name}`);
    await client.end();
    const parsed = new URL(testDatabaseUrl());
    parsed.pathname = `/${name}`;
    url = parsed.toString();
  });

  afterAll(async () => {
    const client = admin();
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await client.end();
  });

  it('should open six data sources at once, each migration applied exactly once', async () => {
    const opened = await Promise.all(Array.from({ length: 6 }, () => openDatabase(url, 2)));
    try {
      const rows = await opened[0]!.query<{ name: string }[]>(`SELECT name FROM migrations ORDER BY id`);
      expect(rows.map((r) => r.name)).toEqual(MIGRATIONS.map((m) => new m().name));
    } finally {
      await Promise.all(opened.map((d) => d.destroy()));
    }
  });

  it('should start every time: ten more fresh databases, six at once on each', async () => {
    for (let round = 0; round < 10; round++) {
      const fresh = `${name}_${round}`;
      const client = admin();
      await client.connect();
      await client.query(`CREATE DATABASE ${fresh}`);
      const parsed = new URL(testDatabaseUrl());
      parsed.pathname = `/${fresh}`;
      try {
        const opened = await Promise.all(Array.from({ length: 6 }, () => openDatabase(parsed.toString(), 1)));
        try {
          const rows = await opened[0]!.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM migrations`);
          expect({ round, migrations: rows[0]!.n }).toEqual({ round, migrations: MIGRATIONS.length });
        } finally {
          await Promise.all(opened.map((d) => d.destroy()));
        }
      } finally {
        await client.query(`DROP DATABASE IF EXISTS ${fresh} WITH (FORCE)`);
        await client.end();
      }
    }
  }, 180_000);

  it('should report the same migrations from `npm run migration:run` on the migrated database', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, fromSource('src/persistence/migrate.ts'), {
      env: { PATH: process.env.PATH, DATABASE_URL: url },
    });
    expect(JSON.parse(stdout)).toEqual({ migrated: true, migrations: MIGRATIONS.length });
  });
});
