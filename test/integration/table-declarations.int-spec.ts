import { type DataSource } from 'typeorm';
import { bulkUpsert, type SqlType } from '../../src/persistence/columns';
import { openDatabase } from '../../src/persistence/data-source';
import { DECLARED_TABLES } from '../../src/persistence/tables';
import { testDatabaseUrl } from '../utils/test-hub';

/** The `udt_name` PostgreSQL reports for each declared type. */
const UDT: Record<SqlType, string> = {
  uuid: 'uuid',
  text: 'text',
  boolean: 'bool',
  int: 'int4',
  timestamptz: 'timestamptz',
  date: 'date',
  jsonb: 'jsonb',
  'uuid[]': '_uuid',
  'text[]': '_text',
};

/**
 * Each table the projection writes is declared once (src/persistence/tables.ts); the statement is built
 * from the declaration. This holds the declaration to the table the migrations built: every declared
 * column exists with its declared type, and every column the table has is declared (or is one the write
 * sets itself), so a migration that adds or retypes a column cannot drift from the write unnoticed.
 */
describe('table declarations against the migrated schema (real PostgreSQL)', () => {
  let dataSource: DataSource;

  beforeAll(async () => {
    dataSource = await openDatabase(testDatabaseUrl(), 2);
  });

  afterAll(async () => {
    await dataSource.destroy();
  });

  it.each(DECLARED_TABLES.map((d) => [d.table, d] as const))(
    'declares %s column for column, with the migrated types',
    async (_table, declaration) => {
      const rows = await dataSource.query<{ column_name: string; udt_name: string }[]>(
        `SELECT column_name, udt_name FROM information_schema.columns
         WHERE table_schema = current_schema() AND table_name = $1`,
        [declaration.table],
      );
      const migrated = new Map(rows.map((r) => [r.column_name, r.udt_name]));
      expect(migrated.size).toBeGreaterThan(0);
      const declared = Object.fromEntries(
        Object.entries(declaration.columns).map(([name, column]) => [name, UDT[column.type]]),
      );
      if (declaration.touchedAt) declared[declaration.touchedAt] = 'timestamptz';
      expect(declared).toEqual(Object.fromEntries(migrated));
    },
  );

  it('writes no rows from an empty batch and builds a statement PostgreSQL accepts for each table', async () => {
    for (const declaration of DECLARED_TABLES) {
      const { text, values } = bulkUpsert(declaration, []);
      // EXPLAIN plans the statement without running it: types and columns are checked by the server.
      await expect(dataSource.query(`EXPLAIN ${text}`, values)).resolves.toBeDefined();
    }
  });
});
