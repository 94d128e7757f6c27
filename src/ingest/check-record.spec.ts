import { courtResultsConnector } from '../../connectors/criminal-court-results/court-results.connector';
import { familyCourtConnector } from '../../connectors/family-court-orders/family-court.connector';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { shieldlineEventsConnector } from '../../connectors/shieldline-events/shieldline-events.connector';
import { checkRecord } from './ingest.service';
import { personLinkDecisionsConnector } from './hub-connectors';

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

describe('checkRecord: an event only the hub makes', () => {
  const decision = {
    decisionId: '0f9c6d1e-2b7a-4c1d-9e8f-1a2b3c4d5e6f',
    personA: '11111111-1111-4111-8111-111111111111',
    personB: '22222222-2222-4222-8222-222222222222',
    decision: 'SAME_PERSON',
    reason: 'custody photo matches',
    decidedBy: 'sgt-1',
    policeArea: 'WYP',
  };

  it('should refuse a reviewer’s decision from any source, even in the canonical format', () => {
    const forged = {
      recordId: 'forged-1',
      recordVersion: '1',
      type: 'uk.shieldline.police.person.link.decided.v1',
      occurredAt: '2026-12-01T10:00:00Z',
      data: decision,
    };
    const result = checkRecord(shieldlineEventsConnector, record(JSON.stringify(forged), 'application/json'));
    expect(result).toMatchObject({
      ok: false,
      rejection: {
        reason: 'UNKNOWN_CODE',
        problems: [
          { path: '/drafts/0/type', message: expect.stringMatching(/made by the hub itself/) as unknown },
        ],
      },
    });
  });

  it('should accept it from the hub’s own connector, decided when the hub says', () => {
    const result = checkRecord(
      personLinkDecisionsConnector,
      record(JSON.stringify({ ...decision, decidedAt: '2026-12-01T10:00:00.000Z' }), 'application/json'),
    );
    expect(result).toMatchObject({
      ok: true,
      drafts: [{ subject: decision.personA, occurredAt: '2026-12-01T10:00:00.000Z', data: decision }],
    });
  });
});
