import { connectorOf, SourceAssertions } from './field-conflicts';

describe('SourceAssertions', () => {
  it('should flag a field two sources give different values for, each value with its sources', () => {
    const a = new SourceAssertions();
    a.assert('expiresAt', 'urn:shieldline:connector:family-court-orders', '2027-03-02T00:00:00Z');
    a.assert('expiresAt', 'urn:shieldline:connector:shieldline-events', '2027-09-02T00:00:00Z');
    a.assert('policeArea', 'urn:shieldline:connector:family-court-orders', 'WYP');
    a.assert('policeArea', 'urn:shieldline:connector:shieldline-events', 'wyp');
    expect(a.conflicts()).toEqual([
      {
        field: 'expiresAt',
        values: [
          { value: '2027-03-02T00:00:00Z', sources: ['family-court-orders'] },
          { value: '2027-09-02T00:00:00Z', sources: ['shieldline-events'] },
        ],
      },
    ]);
  });

  it('should take a later assertion from the same source as its correction, not a conflict', () => {
    const a = new SourceAssertions();
    a.assert('servedAt', 'court', '2026-03-02T10:00:00Z');
    a.assert('servedAt', 'court', '2026-03-03T10:00:00Z');
    a.assert('servedAt', 'police', '2026-03-03T10:00:00.000Z');
    expect(a.conflicts()).toEqual([]);
  });

  it('should not count a value a source did not give', () => {
    const a = new SourceAssertions();
    a.assert('madeAt', 'court', '2026-03-02T10:00:00Z');
    a.assert('madeAt', 'police', null);
    a.assert('madeAt', 'cps', undefined);
    a.assert('madeAt', 'other', '  ');
    expect(a.conflicts()).toEqual([]);
  });

  it('should compare booleans and numbers by value', () => {
    const a = new SourceAssertions();
    a.assert('powerOfArrest', 'court', true);
    a.assert('powerOfArrest', 'police', false);
    expect(a.conflicts()).toEqual([
      {
        field: 'powerOfArrest',
        values: [
          { value: 'true', sources: ['court'] },
          { value: 'false', sources: ['police'] },
        ],
      },
    ]);
  });

  it('should name connectors by their id', () => {
    expect(connectorOf('urn:shieldline:connector:police-records')).toBe('police-records');
    expect(connectorOf('elsewhere')).toBe('elsewhere');
  });
});
