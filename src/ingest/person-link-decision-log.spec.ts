import { type LinkDecisionRecord } from '../domain/person-link-records';
import { type IngestOutcome, type IncomingRecord } from './ingest.service';
import { PERSON_LINK_DECISIONS_CONNECTOR_ID } from './hub-connectors';
import { PersonLinkDecisionLog } from './person-link-decision-log';

const decision: Omit<LinkDecisionRecord, 'decidedAt'> = {
  decisionId: '0f9c6d1e-2b7a-4c1d-9e8f-1a2b3c4d5e6f',
  personA: '11111111-1111-4111-8111-111111111111',
  personB: '22222222-2222-4222-8222-222222222222',
  decision: 'DIFFERENT_PEOPLE',
  reason: 'different man: older, other address',
  decidedBy: 'sgt-1',
  policeArea: 'WYP',
};
const at = new Date('2026-12-04T19:00:00.000Z');

/** The ingest port as the log sees it: records what it was sent, answers as told. */
function fakeIngest(outcome: IngestOutcome) {
  const sent: { connector: string; record: IncomingRecord }[] = [];
  return {
    sent,
    ingest: (connector: { id: string }, record: IncomingRecord) => {
      sent.push({ connector: connector.id, record });
      return Promise.resolve(outcome);
    },
  };
}

const accepted: IngestOutcome = { status: 'ACCEPTED', duplicate: false, events: [] };

describe('PersonLinkDecisionLog: a reviewer’s decision as an event', () => {
  it('should send the decision through the hub’s own connector, decided now, and answer it as projected', async () => {
    const ingest = fakeIngest(accepted);
    const projected = { ...decision, decidedAt: at };
    let reads = 0;
    const log = new PersonLinkDecisionLog(
      ingest,
      { decisionById: () => Promise.resolve(++reads < 3 ? null : projected) },
      { now: () => at },
    );
    expect(await log.recordDecision(decision)).toEqual(projected);
    expect(ingest.sent).toHaveLength(1);
    expect(ingest.sent[0]!.connector).toBe(PERSON_LINK_DECISIONS_CONNECTOR_ID);
    expect(JSON.parse(ingest.sent[0]!.record.bytes.toString())).toEqual({
      ...decision,
      decidedAt: at.toISOString(),
    });
    expect(reads).toBe(3);
  });

  it('should answer a durable decision as made when the projector has not recorded it in time', async () => {
    const log = new PersonLinkDecisionLog(
      fakeIngest(accepted),
      { decisionById: () => Promise.resolve(null) },
      { now: () => at, projectedWithinMs: 0 },
    );
    expect(await log.recordDecision(decision)).toEqual({ ...decision, decidedAt: at });
  });

  it('should fail, not pretend, when the hub’s own record is refused', async () => {
    const refused: IngestOutcome = {
      status: 'REJECTED',
      deadLetterId: 'dl-1',
      reason: 'SCHEMA_INVALID',
      problems: [{ path: '/data/reason', message: 'must NOT have more than 2000 characters' }],
    };
    const log = new PersonLinkDecisionLog(fakeIngest(refused), { decisionById: () => Promise.resolve(null) });
    await expect(log.recordDecision(decision)).rejects.toMatchObject({
      code: 'INGEST_REFUSED',
      message: expect.stringMatching(/SCHEMA_INVALID.*2000 characters/) as unknown,
    });
  });
});
