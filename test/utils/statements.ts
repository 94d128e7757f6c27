import { Client, type Pool } from 'pg';
import { type PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { type Hub } from '../../src/app';

/**
 * The SQL statements one hub sent to PostgreSQL while `work` ran, counted where they leave for the
 * server: every pg client query of that hub's pool, whether it came through TypeORM (dataSource.query,
 * transactions) or straight from the pool (the named statements of the hot reads, the audit appends).
 * Another hub in the same process has its own pool and is not counted.
 */
export async function statementsOf<T>(
  hub: Pick<Hub, 'dataSource'>,
  work: () => Promise<T>,
): Promise<{ result: T; statements: string[] }> {
  const pool = (hub.dataSource.driver as PostgresDriver).master as Pool & { _clients: Client[] };
  const spy = jest.spyOn(Client.prototype, 'query');
  try {
    const result = await work();
    const statements = spy.mock.calls.flatMap((args, i) => {
      if (!pool._clients.includes(spy.mock.contexts[i] as Client)) return [];
      const [first] = args as unknown[];
      const text =
        typeof first === 'string' ? first : ((first as { text?: string } | undefined)?.text ?? String(first));
      return [text];
    });
    return { result, statements };
  } finally {
    spy.mockRestore();
  }
}
