import { compareManifest, isCalendarDay, laterVersion, parseManifest } from './reconciliation';

describe('comparing a source manifest with what the hub holds', () => {
  const manifest = {
    day: '2026-12-01',
    records: [
      { id: 'M1', version: '1', type: 'ORDER_MADE' },
      { id: 'M2', version: '2', type: 'ORDER_VARIED' },
      { id: 'M3', version: '1', type: 'ORDER_MADE' },
      { id: 'M4', version: null, type: null },
    ],
  };

  it('should find each record missing, changed or extra, and count the rest as matched', () => {
    const held = [
      { id: 'M1', version: '1' },
      { id: 'M2', version: '1' },
      { id: 'M4', version: '7' },
    ];
    const receivedThatDay = [
      { id: 'M1', version: '1' },
      { id: 'X9', version: '3' },
    ];
    expect(compareManifest(manifest, held, receivedThatDay)).toEqual({
      manifestRecords: 4,
      // M1 the same; M4 names no version, so any version held matches.
      matched: 2,
      differences: [
        { kind: 'CHANGED', sourceRecordId: 'M2', sourceVersion: '2', hubVersion: '1' },
        { kind: 'MISSING', sourceRecordId: 'M3', sourceVersion: '1', hubVersion: null },
        { kind: 'EXTRA', sourceRecordId: 'X9', sourceVersion: null, hubVersion: '3' },
      ],
    });
  });

  it('should count a record listed twice once', () => {
    const twice = { day: '2026-12-01', records: [manifest.records[0]!, manifest.records[0]!] };
    expect(compareManifest(twice, [{ id: 'M1', version: '1' }], [])).toEqual({
      manifestRecords: 1,
      matched: 1,
      differences: [],
    });
  });

  it('should take the later of two versions, numerically when both are numbers', () => {
    expect(laterVersion('9', '10')).toBe('10');
    expect(laterVersion(null, '2')).toBe('2');
    expect(laterVersion('b', 'a')).toBe('b');
  });
});

describe('reading a posted manifest', () => {
  it('should accept a day, records and counts that agree', () => {
    expect(
      parseManifest({
        day: '2026-12-01',
        records: [{ id: 'M1', version: 1, type: 'ORDER_MADE' }],
        counts: { ORDER_MADE: 1 },
      }),
    ).toEqual({ manifest: { day: '2026-12-01', records: [{ id: 'M1', version: '1', type: 'ORDER_MADE' }] } });
  });

  it('should say what is wrong: an impossible day, an id missing, counts that disagree', () => {
    const result = parseManifest({
      day: '2026-02-30',
      records: [{ version: '1' }, { id: 'M2', type: 'ORDER_MADE', version: { nested: true } }],
      counts: { ORDER_MADE: 3 },
    });
    expect('problems' in result && result.problems).toEqual([
      '/day must be a calendar date, YYYY-MM-DD',
      '/records/0/id must be a non-empty string of at most 200 characters',
      '/records/1/version must be text or a number',
      '/counts/ORDER_MADE is 3 but the records list 1',
    ]);
    expect(parseManifest([])).toEqual({ problems: ['the manifest must be a JSON object'] });
    expect(isCalendarDay('2026-12-01')).toBe(true);
    expect(isCalendarDay('2026-13-01')).toBe(false);
  });
});
