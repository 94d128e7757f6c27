import { findConnector } from '../../connectors';
import { type Logger } from '../common/logger';
import { type IncomingRecord, type IngestService } from '../ingest/ingest.service';
import { generateDataset } from './dataset-generator';

/**
 * Loads the generated synthetic dataset (every connector's native format, `days` days up to now) through
 * the same ingest path as real feeds. Used by the embedded demo (`npm start`).
 */
export async function loadDemoDataset(
  ingest: IngestService,
  now: Date,
  days: number,
  logger: Logger,
): Promise<Record<string, { accepted: number; rejected: number }>> {
  const dataset = generateDataset({
    policeArea: 'WYP',
    from: new Date(now.getTime() - days * 86_400_000),
    days,
    seed: 2026,
  });
  const feeds: [string, IncomingRecord[]][] = [
    ['police-records', [{ bytes: Buffer.from(dataset.policeCsv), contentType: 'text/csv' }]],
    [
      'family-court-orders',
      [{ bytes: Buffer.from(dataset.familyCourtNdjson), contentType: 'application/x-ndjson' }],
    ],
    ['cps-case-management', [{ bytes: Buffer.from(dataset.cpsNdjson), contentType: 'application/x-ndjson' }]],
    [
      'criminal-court-results',
      dataset.courtResultsXml.map((f) => ({ bytes: Buffer.from(f.xml), contentType: 'application/xml' })),
    ],
  ];
  const summary: Record<string, { accepted: number; rejected: number }> = {};
  for (const [id, payloads] of feeds) {
    const outcomes = await ingest.ingestBatch(findConnector(id)!, payloads);
    const rejected = outcomes.filter((o) => o.status === 'REJECTED');
    summary[id] = { accepted: outcomes.length - rejected.length, rejected: rejected.length };
    if (rejected.length > 0) logger.warn('demo records rejected', { connector: id, first: rejected[0] });
  }
  return summary;
}
