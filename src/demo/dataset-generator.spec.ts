import { CONNECTORS, findConnector } from '../../connectors';
import { checkRecord } from '../ingest/ingest.service';
import { generateDataset } from './dataset-generator';

describe('generateDataset', () => {
  const dataset = generateDataset({
    policeArea: 'WYP',
    from: new Date('2026-03-02T00:00:00Z'),
    days: 2,
    seed: 7,
  });

  it('should produce records every connector accepts, in each connector’s native format', () => {
    const files: [string, string, Buffer][] = [
      ['police-records', 'text/csv', Buffer.from(dataset.policeCsv)],
      ['family-court-orders', 'application/x-ndjson', Buffer.from(dataset.familyCourtNdjson)],
      ['cps-case-management', 'application/x-ndjson', Buffer.from(dataset.cpsNdjson)],
      ...dataset.courtResultsXml.map((f): [string, string, Buffer] => [
        'criminal-court-results',
        'application/xml',
        Buffer.from(f.xml),
      ]),
    ];
    const problems: string[] = [];
    let records = 0;
    for (const [id, mediaType, bytes] of files) {
      const connector = findConnector(id)!;
      for (const record of connector.readers[mediaType]!(bytes)) {
        records += 1;
        const result = checkRecord(connector, record);
        if (!result.ok) problems.push(`${id} ${record.locator}: ${JSON.stringify(result.rejection)}`);
      }
    }
    expect(problems).toEqual([]);
    expect(records).toBe(
      dataset.counts.policeRows +
        dataset.counts.familyCourtMessages +
        dataset.counts.cpsMessages +
        dataset.counts.courtResultMessages,
    );
    expect(CONNECTORS.length).toBeGreaterThan(0);
  });

  it('should follow the daily volumes derived from the domain documents', () => {
    const rows = dataset.policeCsv.split('\r\n').slice(1, -1);
    const count = (type: string) => rows.filter((r) => r.startsWith(`${type},`)).length;
    expect(count('INCIDENT')).toBe(360);
    expect(count('ARREST') / count('INCIDENT')).toBeCloseTo(0.35, 1);
    expect(count('DVPN')).toBeGreaterThanOrEqual(1);
    expect(count('CPS_REFERRAL') / count('INCIDENT')).toBeCloseTo(0.06, 1);
    expect(dataset.familyCourtNdjson.split('\n').filter((l) => l.includes('"ORDER_MADE"'))).toHaveLength(8);
  });

  it('should be deterministic for a seed', () => {
    const again = generateDataset({
      policeArea: 'WYP',
      from: new Date('2026-03-02T00:00:00Z'),
      days: 2,
      seed: 7,
    });
    expect(again).toEqual(dataset);
  });
});
