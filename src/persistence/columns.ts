/*
 * One typed column helper on top of the driver (TypeORM's `query`, which is node-pg underneath), rather
 * than TypeORM entity schemas and its query builder: the projector writes a whole batch in one
 * `INSERT … SELECT FROM unnest(…) ON CONFLICT` statement, one array parameter per column, which the query
 * builder cannot express (it would send one row per parameter group, 37 parameters per order, and lose
 * the plan cache). A table's writable columns are declared once, each with its SQL type and how its value
 * is taken from the fold's state; the statement, the parameters and the column names all come from that
 * declaration, by name, never by position. `test/integration/table-declarations.int-spec.ts` checks each
 * declaration against the table the migrations built.
 */

/** The SQL types the projection writes. `uuid[]` and `text[]` travel as one JSON document per batch. */
export type SqlType =
  'uuid' | 'text' | 'boolean' | 'int' | 'timestamptz' | 'date' | 'jsonb' | 'uuid[]' | 'text[]';

export interface Column<Row> {
  type: SqlType;
  value: (row: Row) => unknown;
}

export type Columns<Row> = Record<string, Column<Row>>;

/** The declared columns of `table`, as a named value the reads and checks can refer to. */
export interface TableDeclaration<Row> {
  table: string;
  /** The column that identifies a row (ON CONFLICT). */
  key: string;
  columns: Columns<Row>;
  /** Columns written on insert only, never replaced (an id derived from the key). */
  insertOnly?: readonly string[];
  /** A `timestamptz` column set to now() on every write, not taken from the row. */
  touchedAt?: string;
}

/** Declares a table's columns, checking each value function against the row type. */
export function declareTable<Row>(declaration: TableDeclaration<Row>): TableDeclaration<Row> {
  for (const name of [declaration.key, ...(declaration.insertOnly ?? [])])
    if (!(name in declaration.columns))
      throw new Error(`${declaration.table}: ${name} is not a declared column`);
  return declaration;
}

/**
 * A parameter holding a JSON array, unpacked in SQL into an array of json / jsonb values in order (with a
 * JSON null as SQL NULL when `nullIsSqlNull`). Passing documents as a json[] parameter instead makes
 * node-pg print an array literal, escaping every quote of every document: the projector's costliest step
 * when profiled. One JSON.stringify of the whole column is native and cheap.
 */
export function jsonElements(param: number, type: 'json' | 'jsonb', nullIsSqlNull = false): string {
  const isNull = type === 'jsonb' ? `v = 'null'::jsonb` : `json_typeof(v) = 'null'`;
  const value = nullIsSqlNull ? `CASE WHEN ${isNull} THEN NULL ELSE v END` : 'v';
  return `ARRAY(SELECT ${value} FROM ${type}_array_elements($${param}::${type}) WITH ORDINALITY AS t(v, i) ORDER BY i)`;
}

const JSON_CARRIED: ReadonlySet<SqlType> = new Set(['jsonb', 'uuid[]', 'text[]']);

/** How a column's batch parameter is unpacked into one value per row. */
function unnestArgument(type: SqlType, param: number): string {
  return JSON_CARRIED.has(type) ? jsonElements(param, 'jsonb') : `$${param}::${type}[]`;
}

/** How a row's unpacked value becomes the column's value. */
function selected(type: SqlType, column: string): string {
  if (type === 'uuid[]' || type === 'text[]')
    return `ARRAY(SELECT jsonb_array_elements_text(r.${column}))::${type}`;
  return `r.${column}`;
}

/**
 * One statement writing every row in full (insert, or replace on the key), in the order given: callers
 * sort by the key so that two concurrent batches lock rows in one order.
 */
export function bulkUpsert<Row>(
  declaration: TableDeclaration<Row>,
  rows: readonly Row[],
): { text: string; values: unknown[] } {
  const { table, key, columns, touchedAt, insertOnly = [] } = declaration;
  const names = Object.keys(columns);
  const touched = touchedAt ? [touchedAt] : [];
  const values = names.map((name) => {
    const { type, value } = columns[name]!;
    const column = rows.map(value);
    return JSON_CARRIED.has(type) ? JSON.stringify(column) : column;
  });
  const updates = names
    .filter((name) => name !== key && !insertOnly.includes(name))
    .map((name) => `${name} = EXCLUDED.${name}`);
  const text =
    `INSERT INTO ${table} (${[...names, ...touched].join(', ')})\n` +
    `SELECT ${[...names.map((n) => selected(columns[n]!.type, n)), ...touched.map(() => 'now()')].join(', ')}\n` +
    `FROM unnest(${names.map((n, i) => unnestArgument(columns[n]!.type, i + 1)).join(', ')}) AS r(${names.join(', ')})\n` +
    `ON CONFLICT (${key}) DO UPDATE SET ${[...updates, ...touched.map((t) => `${t} = now()`)].join(', ')}`;
  return { text, values };
}
