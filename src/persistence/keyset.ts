import { type DataSource } from 'typeorm';
import { CursorError, type Page, type PageRequest } from '../domain/page';

/**
 * Keyset pagination: a list is read in a total order (sort keys ending in a unique column, all in one
 * direction, none null), and a cursor is the position of an item — its sort keys as PostgreSQL prints
 * them, so timestamps keep their microseconds and the next page starts exactly after it (an OFFSET would
 * skip or repeat rows as the list changes underneath). The query selects the keys as `sort_key text[]`,
 * filters with `keysetAfter`, and asks for first + 1 rows to know whether more follow.
 */
export function keysetAfter(
  keys: readonly string[],
  casts: readonly string[],
  param: number,
  direction: 'ASC' | 'DESC',
): string {
  const cursor = casts.map((cast, i) => `($${param}::text[])[${i + 1}]::${cast}`).join(', ');
  return `($${param}::text[] IS NULL OR (${keys.join(', ')}) ${direction === 'ASC' ? '>' : '<'} (${cursor}))`;
}

/** The SQL select-list item carrying an item's position. */
export function sortKeyColumn(keys: readonly string[]): string {
  return `ARRAY[${keys.map((k) => `(${k})::text`).join(', ')}] AS sort_key`;
}

export function encodeCursor(sortKey: readonly string[]): string {
  return Buffer.from(JSON.stringify(sortKey), 'utf8').toString('base64url');
}

/** The sort keys of a cursor this list handed out, or a CursorError. */
export function decodeCursor(cursor: string | null, arity: number): string[] | null {
  if (cursor === null) return null;
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new CursorError('after is not a cursor of this list');
  }
  if (!Array.isArray(key) || key.length !== arity || key.some((k) => typeof k !== 'string')) {
    throw new CursorError('after is not a cursor of this list');
  }
  return key as string[];
}

/**
 * Runs a keyset query (its last parameter is the limit, first + 1) and turns the rows into a page. A
 * cursor whose keys PostgreSQL cannot read back (class 22, data exception) is a CursorError.
 */
export async function keysetPage<R extends { sort_key: string[] }, T>(
  dataSource: DataSource,
  sql: string,
  values: unknown[],
  page: PageRequest,
  toNode: (row: R) => T,
): Promise<Page<T>> {
  let rows: R[];
  try {
    rows = await dataSource.query<R[]>(sql, [...values, page.first + 1]);
  } catch (err) {
    if (page.after !== null && /^22/.test(String((err as { code?: unknown }).code))) {
      throw new CursorError('after is not a cursor of this list');
    }
    throw err;
  }
  return {
    items: rows
      .slice(0, page.first)
      .map((row) => ({ node: toNode(row), cursor: encodeCursor(row.sort_key) })),
    hasNextPage: rows.length > page.first,
  };
}
