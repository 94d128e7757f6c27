import { caseScenario, scenarioEvents } from '../../test/factories/case-scenario.factory';
import { decodeDeadLetter, encodeDeadLetter } from '../messaging/dead-letter-message';
import { type CloudEvent, encodeEnvelope } from '../messaging/envelope';
import { type ConsumedMessage } from '../messaging/event-log.port';
import { eventsToApply, planBatch } from './batch-plan';

const TOPIC = 'shieldline.events.police';
const DEAD_LETTER_TOPIC = 'shieldline.dead-letter';
const AT = '2026-03-11T09:00:00.000Z';
const [first, second, third] = scenarioEvents(caseScenario()) as [CloudEvent, CloudEvent, CloudEvent];

function message(offset: number, value: Buffer, topic = TOPIC): ConsumedMessage {
  return { topic, partition: 0, offset: String(offset), key: 'k', value, headers: {} };
}

describe('planBatch: what one batch asks of the projection (the projector batch logic, pure)', () => {
  it('plans every message of a first batch and stores the position after the last', () => {
    const plan = planBatch(
      [message(0, encodeEnvelope(first)), message(1, encodeEnvelope(second))],
      null,
      DEAD_LETTER_TOPIC,
    );
    expect(plan.decoded.map((d) => d.event.id)).toEqual([first.id, second.id]);
    expect(plan.decoded[1]!.at).toEqual({ topic: TOPIC, partition: 0, offset: '1' });
    expect(plan).toMatchObject({ redelivered: 0, deadLetters: [], next: 2n });
  });

  it('skips messages redelivered below the stored position, and plans nothing when all were', () => {
    const batch = [message(4, encodeEnvelope(first)), message(5, encodeEnvelope(second))];
    const partly = planBatch(batch, 5n, DEAD_LETTER_TOPIC);
    expect(partly.decoded.map((d) => d.event.id)).toEqual([second.id]);
    expect(partly).toMatchObject({ redelivered: 1, next: 6n });
    const all = planBatch(batch, 6n, DEAD_LETTER_TOPIC);
    expect(all).toMatchObject({ fresh: [], decoded: [], redelivered: 2, next: null });
  });

  it('dead-letters an unreadable envelope with its bytes and moves the position past it', () => {
    const garbage = Buffer.from('{"not": "an envelope"');
    const plan = planBatch(
      [message(7, garbage), message(8, encodeEnvelope(first))],
      7n,
      DEAD_LETTER_TOPIC,
      () => AT,
    );
    expect(plan.decoded.map((d) => d.event.id)).toEqual([first.id]);
    expect(plan.deadLetters).toHaveLength(1);
    const [dead] = plan.deadLetters;
    expect(dead).toMatchObject({ connector: 'projector', receivedAt: AT, truncated: false });
    expect(dead!.message).toContain(`${TOPIC}/0@7`);
    expect(dead!.originalBytes.equals(garbage)).toBe(true);
    expect(plan.next).toBe(9n);
  });

  it('dead-letters an event outside the catalogue with the schema problems, never folds it', () => {
    const unknown = {
      ...first,
      id: '00000000-0000-4000-8000-000000000001',
      type: 'uk.gov.shieldline.not.a.type',
    };
    const plan = planBatch([message(0, encodeEnvelope(unknown))], null, DEAD_LETTER_TOPIC);
    expect(plan.decoded).toEqual([]);
    expect(plan.deadLetters[0]).toMatchObject({ reasonCode: 'EVENT_NOT_IN_CATALOGUE' });
    expect(plan.next).toBe(1n);
  });

  it('reads a dead-letter topic message as the dead letter it carries', () => {
    const record = {
      deadLetterId: '00000000-0000-4000-8000-000000000002',
      connector: 'family-court',
      reasonCode: 'SCHEMA_INVALID',
      message: 'bad record',
      problems: [],
      contentType: 'application/xml',
      originalBytes: Buffer.from('<order/>'),
      truncated: false,
      receivedAt: AT,
    };
    const bytes = encodeDeadLetter(record);
    const plan = planBatch([message(3, bytes, DEAD_LETTER_TOPIC)], null, DEAD_LETTER_TOPIC);
    expect(plan.deadLetters).toEqual([decodeDeadLetter(bytes)]);
    expect(plan.deadLetters[0]!.connector).toBe('family-court');
  });
});

describe('eventsToApply: each new event once, in log order', () => {
  const decoded = planBatch(
    [first, second, first, third].map((e, i) => message(i, encodeEnvelope(e))),
    null,
    DEAD_LETTER_TOPIC,
  ).decoded;

  it('applies an event id once even when the batch carries it twice', () => {
    const all = new Set([first.id, second.id, third.id]);
    expect(eventsToApply(decoded, all).map((e) => e.id)).toEqual([first.id, second.id, third.id]);
  });

  it('applies none of the events the store had already recorded (a re-send under the same id)', () => {
    expect(eventsToApply(decoded, new Set([third.id])).map((e) => e.id)).toEqual([third.id]);
    expect(eventsToApply(decoded, new Set())).toEqual([]);
  });
});
