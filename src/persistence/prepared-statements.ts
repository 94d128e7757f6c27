import { type Pool, type QueryResultRow } from 'pg';
import { type DataSource } from 'typeorm';
import { type PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

/**
 * Named statements for the gateway's hottest reads (the officer search and its loaders, the audit append),
 * run straight on the pg pool that TypeORM owns. PostgreSQL parses and plans a named statement once per
 * pooled connection instead of on every request, and the request skips TypeORM's per-query QueryRunner.
 * Each name must always carry the same text (pg refuses a name reused with another text on a connection).
 */
export class PreparedStatements {
  private readonly pool: Pool;
  /** Shared by every user of the pool: the rule is per connection, so per pool. */
  private readonly texts: Map<string, string>;

  constructor(dataSource: DataSource) {
    this.pool = (dataSource.driver as PostgresDriver).master as Pool;
    let texts = TEXTS_BY_POOL.get(this.pool);
    if (!texts) TEXTS_BY_POOL.set(this.pool, (texts = new Map<string, string>()));
    this.texts = texts;
  }

  async query<R extends QueryResultRow>(name: string, text: string, values: unknown[]): Promise<R[]> {
    const known = this.texts.get(name);
    if (known === undefined) this.texts.set(name, text);
    else if (known !== text) throw new Error(`prepared statement ${name} reused with a different text`);
    return (await this.pool.query<R>({ name, text, values })).rows;
  }
}

const TEXTS_BY_POOL = new WeakMap<Pool, Map<string, string>>();
