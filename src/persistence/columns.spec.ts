import { bulkUpsert, declareTable } from './columns';

interface Thing {
  id: string;
  ref: string;
  tags: string[];
  detail: { note: string | null };
  count: number | null;
}

const THING = declareTable<Thing>({
  table: 'thing',
  key: 'ref',
  insertOnly: ['id'],
  touchedAt: 'updated_at',
  columns: {
    id: { type: 'uuid', value: (t) => t.id },
    ref: { type: 'text', value: (t) => t.ref },
    tags: { type: 'text[]', value: (t) => t.tags },
    detail: { type: 'jsonb', value: (t) => t.detail },
    count: { type: 'int', value: (t) => t.count },
  },
});

const rows: Thing[] = [
  { id: 'a', ref: 'R1', tags: ['x', 'y'], detail: { note: 'it\'s "quoted"' }, count: 1 },
  { id: 'b', ref: 'R2', tags: [], detail: { note: null }, count: null },
];

describe('bulkUpsert: one statement from one declaration', () => {
  const { text, values } = bulkUpsert(THING, rows);

  it('names every column, in the declared order, with updated_at set by the database', () => {
    expect(text).toContain('INSERT INTO thing (id, ref, tags, detail, count, updated_at)');
    expect(text).toContain('AS r(id, ref, tags, detail, count)');
  });

  it('passes one parameter per column, scalar columns as arrays and documents as one JSON text', () => {
    expect(values).toEqual([
      ['a', 'b'],
      ['R1', 'R2'],
      JSON.stringify([['x', 'y'], []]),
      JSON.stringify([{ note: 'it\'s "quoted"' }, { note: null }]),
      [1, null],
    ]);
    expect(text).toContain('$1::uuid[]');
    expect(text).toContain('$5::int[]');
    expect(text).toContain('jsonb_array_elements($4::jsonb)');
  });

  it('replaces every column but the key and the insert-only id on conflict', () => {
    const update = text.slice(text.indexOf('ON CONFLICT (ref) DO UPDATE SET'));
    expect(update).toContain('tags = EXCLUDED.tags');
    expect(update).toContain('updated_at = now()');
    expect(update).not.toContain('id = EXCLUDED.id');
    expect(update).not.toContain('ref = EXCLUDED.ref');
  });

  it('refuses a key or insert-only column that is not declared', () => {
    expect(() => declareTable<Thing>({ ...THING, key: 'nope' })).toThrow(
      'thing: nope is not a declared column',
    );
  });
});
