import { bulkUpsert, declareTable, type RowOf, rowFromState, selectList, type SelectedRow } from './columns';

interface Thing {
  id: string;
  ref: string;
  tags: string[];
  detail: { note: string | null };
  count: number | null;
  seenAt: string | null;
  owners: string[];
}

const THING = declareTable<Thing>()({
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
    seen_at: { type: 'timestamptz', value: (t) => t.seenAt },
    owner_ids: { type: 'uuid[]', value: (t) => t.owners },
  },
});

const rows: Thing[] = [
  {
    id: 'a',
    ref: 'R1',
    tags: ['x', 'y'],
    detail: { note: 'it\'s "quoted"' },
    count: 1,
    seenAt: '2026-12-01T10:00:00.000Z',
    owners: ['o1'],
  },
  { id: 'b', ref: 'R2', tags: [], detail: { note: null }, count: null, seenAt: null, owners: [] },
];

describe('bulkUpsert: one statement from one declaration', () => {
  const { text, values } = bulkUpsert(THING, rows);

  it('names every column, in the declared order, with updated_at set by the database', () => {
    expect(text).toContain(
      'INSERT INTO thing (id, ref, tags, detail, count, seen_at, owner_ids, updated_at)',
    );
    expect(text).toContain('AS r(id, ref, tags, detail, count, seen_at, owner_ids)');
  });

  it('passes one parameter per column, scalar columns as arrays and documents as one JSON text', () => {
    expect(values).toEqual([
      ['a', 'b'],
      ['R1', 'R2'],
      JSON.stringify([['x', 'y'], []]),
      JSON.stringify([{ note: 'it\'s "quoted"' }, { note: null }]),
      [1, null],
      ['2026-12-01T10:00:00.000Z', null],
      JSON.stringify([['o1'], []]),
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
    // The key's type is the declared column names; a cast gets past it, not past the check.
    expect(() => declareTable<Thing>()({ ...THING, key: 'nope' as 'ref' })).toThrow(
      'thing: nope is not a declared column',
    );
  });
});

describe('read rows derived from the declaration', () => {
  it('selects each named column under its own name, uuid arrays as text[]', () => {
    expect(selectList(THING, ['id', 'owner_ids', 'seen_at'], 't')).toBe(
      't.id, t.owner_ids::text[] AS owner_ids, t.seen_at',
    );
  });

  it('gives the row a read of a state would return: timestamps as Date, a missing value as null', () => {
    expect(rowFromState(THING, ['ref', 'seen_at', 'owner_ids', 'count'], rows[0]!)).toEqual({
      ref: 'R1',
      seen_at: new Date('2026-12-01T10:00:00.000Z'),
      owner_ids: ['o1'],
      count: 1,
    });
    expect(rowFromState(THING, ['seen_at', 'count'], rows[1]!)).toEqual({ seen_at: null, count: null });
  });

  it('types each column from its SQL type and value (checked by the compiler)', () => {
    const row: RowOf<typeof THING> = {
      id: 'a',
      ref: 'R1',
      tags: ['x'],
      detail: { note: null },
      count: null,
      seen_at: new Date(0),
      owner_ids: [],
    };
    // @ts-expect-error a timestamptz column reads as a Date, not the string the state holds
    const wrong: RowOf<typeof THING>['seen_at'] = '2026-12-01';
    const set: SelectedRow<typeof THING, 'count' | 'ref', 'count'> = { count: 3, ref: 'R1' };
    // @ts-expect-error a column the read guarantees set is not null
    const unset: SelectedRow<typeof THING, 'count', 'count'> = { count: null };
    expect([row.ref, wrong, set.count, unset.count]).toEqual(['R1', '2026-12-01', 3, null]);
  });
});
