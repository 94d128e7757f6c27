import { courtResultsConnector } from '../../connectors/criminal-court-results/court-results.connector';
import { familyCourtConnector } from '../../connectors/family-court-orders/family-court.connector';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkRecord } from './ingest.service';

const record = (text: string, mediaType: string) => ({
  bytes: Buffer.from(text),
  mediaType,
  position: 1,
  locator: 'record 1',
});
const xml = (text: string) => record(text, 'application/xml');
const fixtures = join(__dirname, '../../connectors');

describe('checkRecord: whatever a record does to a parser is the record’s problem (4xx), never ours (5xx)', () => {
  it.each([
    ['XML nested 10,000 deep', `<a>${'<b>'.repeat(10_000)}${'</b>'.repeat(10_000)}</a>`],
    ['an unclosed processing instruction', '<?xml version="1.0"?><?pi never closed'],
    ['an unclosed comment', '<results><!-- never closed'],
  ])('%s is refused as a record, with a reason', (_name, text) => {
    let result: ReturnType<typeof checkRecord> | undefined;
    expect(() => (result = checkRecord(courtResultsConnector, xml(text)))).not.toThrow();
    expect(result).toMatchObject({ ok: false, rejection: { reason: expect.any(String) as unknown } });
  });

  it('should refuse text holding an unpaired UTF-16 surrogate, which PostgreSQL cannot store', () => {
    const granted = JSON.parse(
      readFileSync(join(fixtures, 'family-court-orders/fixtures/nmo-granted.json'), 'utf8'),
    ) as { respondent: { surname: string } };
    const text = JSON.stringify(granted).replace(
      JSON.stringify(granted.respondent.surname),
      '"Smith\\ud800"',
    );
    const result = checkRecord(familyCourtConnector, record(text, 'application/json'));
    expect(result).toMatchObject({ ok: false, rejection: { reason: 'FORBIDDEN_CONSTRUCT' } });
  });
});
