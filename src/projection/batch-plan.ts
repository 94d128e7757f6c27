import { ShieldlineError } from '../common/errors';
import { decideOnFailure } from '../common/failure-policy';
import { newId } from '../common/ids';
import { canonicalProblems } from '../domain/catalogue/validation';
import { type DeadLetterRecord, decodeDeadLetter } from '../messaging/dead-letter-message';
import { type CloudEvent, parseEnvelope } from '../messaging/envelope';
import { type ConsumedMessage } from '../messaging/event-log.port';
import { type LogPosition } from '../persistence/repositories/projection.repository';

/** A message of the batch that decoded to a catalogue event, with its text and where it was read. */
export interface DecodedEvent {
  event: CloudEvent;
  text: string;
  at: LogPosition;
}

/** What one batch asks of the projection before any event is recorded (pure). */
export interface BatchPlan {
  /** Messages at or above the stored position, in log order. */
  fresh: readonly ConsumedMessage[];
  /** Messages redelivered below the stored position (already applied): skipped. */
  redelivered: number;
  decoded: DecodedEvent[];
  /** Dead-letter topic messages, and messages the projector can never apply (with their bytes). */
  deadLetters: DeadLetterRecord[];
  /** The position to store once the batch is applied: after its last fresh message; null: nothing new. */
  next: bigint | null;
}

/**
 * Plans a batch: skips what the stored position says was applied, decodes the rest, and sets aside as
 * dead letters what can never be applied (an unreadable envelope, a type or data outside the catalogue),
 * so that one poison message cannot stall its partition. A failure that may pass (decideOnFailure says
 * RETRY) is thrown: the batch is delivered again.
 */
export function planBatch(
  messages: readonly ConsumedMessage[],
  storedNext: bigint | null,
  deadLetterTopic: string,
  receivedAt: () => string = () => new Date().toISOString(),
): BatchPlan {
  const fresh = messages.filter((m) => storedNext === null || BigInt(m.offset) >= storedNext);
  const decoded: DecodedEvent[] = [];
  const deadLetters: DeadLetterRecord[] = [];
  for (const message of fresh) {
    const item = decodeMessage(message, deadLetterTopic, receivedAt);
    if ('deadLetter' in item) deadLetters.push(item.deadLetter);
    else decoded.push(item);
  }
  const last = fresh.at(-1);
  return {
    fresh,
    redelivered: messages.length - fresh.length,
    decoded,
    deadLetters,
    next: last ? BigInt(last.offset) + 1n : null,
  };
}

/**
 * The events to fold: those the event store recorded as new (`newIds`), each once, in log order. An
 * event id seen again (a re-send, a redelivery across batches) has had its one effect already.
 */
export function eventsToApply(decoded: readonly DecodedEvent[], newIds: ReadonlySet<string>): CloudEvent[] {
  const seen = new Set<string>();
  const toApply: CloudEvent[] = [];
  for (const { event } of decoded) {
    if (!newIds.has(event.id) || seen.has(event.id)) continue;
    seen.add(event.id);
    toApply.push(event);
  }
  return toApply;
}

function decodeMessage(
  message: ConsumedMessage,
  deadLetterTopic: string,
  receivedAt: () => string,
): DecodedEvent | { deadLetter: DeadLetterRecord } {
  const at = { topic: message.topic, partition: message.partition, offset: message.offset };
  try {
    if (message.topic === deadLetterTopic) return { deadLetter: decodeDeadLetter(message.value) };
    const text = message.value.toString('utf8');
    const event = parseEnvelope(text);
    // Only catalogue events are folded: an unknown type, or data its type's schema refuses, would fail
    // every redelivery of its batch and stall the partition behind it. It is dead-lettered instead.
    const problems = canonicalProblems(event.type, event.data, '/data');
    if (problems.length > 0) {
      const error = new ShieldlineError(
        'EVENT_NOT_IN_CATALOGUE',
        `event ${event.id} of type ${event.type} is not a catalogue event`,
      );
      return { deadLetter: unreadable(message, error, receivedAt(), problems) };
    }
    return { event, text, at };
  } catch (err) {
    if (decideOnFailure(err) === 'RETRY' || !(err instanceof ShieldlineError)) throw err;
    return { deadLetter: unreadable(message, err, receivedAt()) };
  }
}

function unreadable(
  message: ConsumedMessage,
  err: ShieldlineError,
  receivedAt: string,
  problems: DeadLetterRecord['problems'] = [],
): DeadLetterRecord {
  return {
    deadLetterId: newId(),
    connector: 'projector',
    reasonCode: err.code,
    message: `${message.topic}/${message.partition}@${message.offset}: ${err.message}`,
    problems: [...problems],
    contentType: null,
    originalBytes: message.value,
    truncated: false,
    receivedAt,
  };
}
