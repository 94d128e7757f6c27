import { familyCourtConnector } from '../../connectors/family-court-orders/family-court.connector';
import { IngestService } from '../../src/ingest/ingest.service';
import { decodeDeadLetter } from '../../src/messaging/dead-letter-message';
import { decodeEnvelope } from '../../src/messaging/envelope';
import { type RecordedEventLookup } from '../../src/messaging/recorded-events.port';
import { topicNames } from '../../src/messaging/topics';
import { nonMolestationOrder } from '../factories/family-court.factory';
import { InMemoryEventLog } from '../fakes/in-memory-event-log';

const topics = topicNames('unit.');
const NOW = new Date('2026-12-03T09:00:00Z');
const json = (message: unknown) => ({
  bytes: Buffer.from(JSON.stringify(message)),
  contentType: 'application/json',
});
const nothingRecorded: RecordedEventLookup = () =>
  Promise.resolve({ recorded: new Set(), conflicting: new Set() });

/**
 * The ingest door's decisions against fakes of its ports (an in-memory event log, a scripted
 * recorded-events lookup): what is published where, what is answered, what is dead-lettered. The same
 * paths on a real broker and database are in test/e2e (resend-by-content, ingest-rejects).
 */
describe('IngestService (against fakes of its ports)', () => {
  it('should publish an accepted record keyed by its order, with a deterministic id, and answer ACCEPTED', async () => {
    const log = new InMemoryEventLog();
    const service = new IngestService(log, topics, () => NOW, nothingRecorded);
    const order = nonMolestationOrder();
    const first = await service.ingest(familyCourtConnector, json(order.granted));
    expect(first).toMatchObject({ status: 'ACCEPTED', duplicate: false });
    const [message] = log.messages(topics.court);
    expect(message!.key).toBe(order.orderRef);
    const event = decodeEnvelope(message!.value);
    expect(event).toMatchObject({
      type: 'uk.shieldline.court.order.granted.v1',
      receivedat: NOW.toISOString(),
    });
    // The same record again gives the same id (what makes a re-send a duplicate downstream).
    await service.ingest(familyCourtConnector, json(order.granted));
    expect(decodeEnvelope(log.messages(topics.court)[1]!.value).id).toBe(event.id);
  });

  it('should answer the second of two identical records in one batch as a duplicate, publishing once', async () => {
    const log = new InMemoryEventLog();
    const service = new IngestService(log, topics, () => NOW, nothingRecorded);
    const order = nonMolestationOrder();
    const outcomes = await service.ingestBatch(familyCourtConnector, [
      json(order.granted),
      json({ ...order.granted, messageId: `${String(order.granted.messageId)}-relayed` }),
    ]);
    expect(outcomes.map((o) => (o.status === 'ACCEPTED' ? o.duplicate : o.status))).toEqual([false, true]);
    expect(log.messages(topics.court)).toHaveLength(1);
  });

  it('should dead-letter other content for a grant version the store holds under another message id', async () => {
    const log = new InMemoryEventLog();
    const order = nonMolestationOrder();
    const heldUnder: RecordedEventLookup = (events) =>
      Promise.resolve({
        recorded: new Set(),
        conflicting: new Set(),
        sameVersionOtherContent: new Map(events.map((e) => [e.id, `${String(order.granted.messageId)}`])),
      });
    const service = new IngestService(log, topics, () => NOW, heldUnder);
    const other = { ...order.granted, messageId: 'relayed-1' };
    const outcome = await service.ingest(familyCourtConnector, json(other));
    expect(outcome).toMatchObject({ status: 'REJECTED', reason: 'VERSION_CONFLICT' });
    expect(log.messages(topics.court)).toEqual([]);
    const letter = decodeDeadLetter(log.messages(topics.deadLetter)[0]!.value);
    expect(letter).toMatchObject({ reasonCode: 'VERSION_CONFLICT', connector: 'family-court-orders' });
    expect(JSON.parse(letter.originalBytes.toString('utf8'))).toEqual(other);
    expect(letter.message).toContain(String(order.granted.messageId));
  });

  it('should dead-letter a bad record with its bytes and still publish the good one beside it', async () => {
    const log = new InMemoryEventLog();
    const service = new IngestService(log, topics, () => NOW, nothingRecorded);
    const order = nonMolestationOrder();
    const bad = { ...order.granted, policeForce: 'not a force' };
    const outcomes = await service.ingestBatch(familyCourtConnector, [json(bad), json(order.granted)]);
    expect(outcomes.map((o) => o.status)).toEqual(['REJECTED', 'ACCEPTED']);
    expect(log.messages(topics.court)).toHaveLength(1);
    const letter = decodeDeadLetter(log.messages(topics.deadLetter)[0]!.value);
    expect(letter.reasonCode).toBe('SCHEMA_INVALID');
    expect(letter.problems.map((p) => p.path)).toContain('/policeForce');
    expect(JSON.parse(letter.originalBytes.toString('utf8'))).toEqual(bad);
  });

  it('should refuse an event the log would not take as OVERSIZED before sending anything', async () => {
    const log = new InMemoryEventLog(512);
    const service = new IngestService(log, topics, () => NOW, nothingRecorded);
    const outcome = await service.ingest(familyCourtConnector, json(nonMolestationOrder().granted));
    expect(outcome).toMatchObject({ status: 'REJECTED', reason: 'OVERSIZED' });
    expect(log.messages(topics.court)).toEqual([]);
    expect(log.messages(topics.deadLetter)).toHaveLength(1);
  });

  it('should reject with a retriable error when the log does not acknowledge, so the sender is told to retry', async () => {
    const log = new InMemoryEventLog();
    log.failNextPublish();
    const service = new IngestService(log, topics, () => NOW, nothingRecorded);
    await expect(
      service.ingest(familyCourtConnector, json(nonMolestationOrder().granted)),
    ).rejects.toMatchObject({
      code: 'EVENT_LOG_UNAVAILABLE',
      retriable: true,
    });
  });
});
