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

export interface Column<Row, Type extends SqlType = SqlType, Value = unknown> {
  type: Type;
  value: (row: Row) => Value;
}

export type Columns<Row> = Record<string, Column<Row>>;

/** The declared columns of `table`, as a named value the reads and checks can refer to. */
export interface TableDeclaration<Row, Cols extends Columns<Row> = Columns<Row>> {
  table: string;
  /** The column that identifies a row (ON CONFLICT). */
  key: keyof Cols & string;
  columns: Cols;
  /** Columns written on insert only, never replaced (an id derived from the key). */
  insertOnly?: readonly (keyof Cols & string)[];
  /** A `timestamptz` column set to now() on every write, not taken from the row. */
  touchedAt?: string;
}

/** Any table's declaration with its columns' names and types forgotten, for code that walks every table. */
export interface DeclaredTable<Row = never> {
  table: string;
  key: string;
  columns: Readonly<Record<string, Column<Row>>>;
  insertOnly?: readonly string[];
  touchedAt?: string;
}

/**
 * Declares a table's columns, checking each value function against the row type. Curried so that the
 * state type is given and the columns inferred: each column keeps its SQL type and its value's type, from
 * which the read row type is derived (`RowOf`).
 */
export function declareTable<Row>() {
  return <Cols extends Columns<Row>>(
    declaration: TableDeclaration<Row, Cols>,
  ): TableDeclaration<Row, Cols> => {
    for (const name of [declaration.key, ...(declaration.insertOnly ?? [])])
      if (!(name in declaration.columns))
        throw new Error(`${declaration.table}: ${name} is not a declared column`);
    return declaration;
  };
}

type NullIn<Value> = null extends Value ? null : never;

/**
 * How node-pg returns a column of this SQL type holding what `Value` wrote: timestamps as Date, arrays as
 * string arrays, JSON as the document written, the rest as written. (A `date` is read as Date too; the
 * reads that want the calendar day select it with to_char, and say so in their row type.)
 */
export type ReadValue<Type extends SqlType, Value> = Type extends 'timestamptz' | 'date'
  ? Date | NullIn<Value>
  : Type extends 'int'
    ? number | NullIn<Value>
    : Type extends 'uuid[]' | 'text[]'
      ? string[] | NullIn<Value>
      : Type extends 'uuid' | 'text'
        ? Exclude<Value, undefined>
        : Value;

/** A row of the declared table as `SELECT *` of its declared columns returns it. */
export type RowOf<Declaration> =
  Declaration extends TableDeclaration<infer _Row, infer Cols>
    ? {
        [Name in keyof Cols]: Cols[Name] extends Column<never, infer Type, infer Value>
          ? ReadValue<Type, Value>
          : never;
      }
    : never;

/** The declared columns of a declaration, by name. */
export type ColumnName<Declaration> =
  Declaration extends TableDeclaration<infer _Row, infer Cols> ? keyof Cols & string : never;

/**
 * What a read selecting `Names` returns, with `SetWhen` the columns its WHERE guarantees are set (an
 * order's grant columns, when it selects granted orders only).
 */
export type SelectedRow<Declaration, Names extends ColumnName<Declaration>, SetWhen extends Names = never> = {
  [Name in Exclude<Names, SetWhen>]: RowOf<Declaration>[Name];
} & { [Name in SetWhen]: NonNullable<RowOf<Declaration>[Name]> };

/**
 * The select list of `names`: uuid arrays cast to text[] (node-pg parses no uuid[]), each column under
 * its own name, qualified by `alias` when given.
 */
export function selectList<Row, Cols extends Columns<Row>>(
  declaration: TableDeclaration<Row, Cols>,
  names: readonly (keyof Cols & string)[],
  alias?: string,
): string {
  const prefix = alias ? `${alias}.` : '';
  return names
    .map((name) =>
      declaration.columns[name]!.type === 'uuid[]'
        ? `${prefix}${name}::text[] AS ${name}`
        : `${prefix}${name}`,
    )
    .join(', ');
}

/**
 * The row a read of `names` would return for this state, without reading it: each column's value as the
 * projection writes it, parsed as node-pg parses it back (timestamps as Date). For showing a state that is
 * not (or no longer) in the table, such as what a record was at a past moment.
 */
export function rowFromState<Row, Cols extends Columns<Row>, Names extends keyof Cols & string>(
  declaration: TableDeclaration<Row, Cols>,
  names: readonly Names[],
  state: Row,
): { [Name in Names]: RowOf<TableDeclaration<Row, Cols>>[Name] } {
  const row: Record<string, unknown> = {};
  for (const name of names) {
    const { type, value } = declaration.columns[name]!;
    const written = value(state);
    row[name] =
      (type === 'timestamptz' || type === 'date') && written !== null && written !== undefined
        ? new Date(written as string | Date)
        : written === undefined
          ? null
          : written;
  }
  return row as { [Name in Names]: RowOf<TableDeclaration<Row, Cols>>[Name] };
}

/** The declared columns of one SQL type (those a JSON read must parse back, say). */
export function columnsOfType<Row, Cols extends Columns<Row>>(
  declaration: TableDeclaration<Row, Cols>,
  type: SqlType,
): (keyof Cols & string)[] {
  return Object.keys(declaration.columns).filter((name) => declaration.columns[name]!.type === type);
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
  declaration: DeclaredTable<Row>,
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
