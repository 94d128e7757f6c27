import { ShieldlineError } from '../common/errors';

/**
 * CloudEvents 1.0, structured JSON mode (Kafka protocol binding). `time` is the moment the thing happened
 * in the source system and is absent when the source did not say; the hub's receipt time is the
 * `receivedat` extension and is never substituted for `time`.
 */
export interface CloudEvent<Data = unknown> {
  specversion: '1.0';
  id: string;
  source: string;
  type: string;
  subject: string;
  time?: string;
  datacontenttype: 'application/json';
  dataschema?: string;
  /** Extension: version of the source record the event was made from (orders same-time events). */
  sourceversion?: string;
  /** Extension: the source's own id of the record the event was made from (reconciliation). */
  sourcerecordid?: string;
  /** Extension: what the record is in the source's own terms (e.g. "grant"), apart from its message id. */
  sourcerecordkey?: string;
  /** Extension: when the hub accepted the record (RFC 3339). */
  receivedat: string;
  /** Extension: true when the source gave no event time, so consumers can flag it. */
  timemissing?: boolean;
  /** Distributed-tracing extension: the W3C trace context of the ingest that accepted it. */
  traceparent?: string;
  tracestate?: string;
  data: Data;
}

export function encodeEnvelope(event: CloudEvent): Buffer {
  return Buffer.from(JSON.stringify(event), 'utf8');
}

export function decodeEnvelope(bytes: Buffer): CloudEvent {
  return parseEnvelope(bytes.toString('utf8'));
}

/** decodeEnvelope for text already decoded (the projector keeps the text to store it as logged). */
export function parseEnvelope(text: string): CloudEvent {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new ShieldlineError('ENVELOPE_INVALID', 'event is not valid JSON', { cause: err });
  }
  const problems: string[] = [];
  if (typeof parsed !== 'object' || parsed === null) {
    throw new ShieldlineError('ENVELOPE_INVALID', 'event is not a JSON object');
  }
  const e = parsed as Record<string, unknown>;
  if (e.specversion !== '1.0') problems.push('specversion must be "1.0"');
  for (const field of ['id', 'source', 'type', 'subject', 'receivedat'] as const) {
    if (typeof e[field] !== 'string' || e[field] === '') problems.push(`${field} must be a non-empty string`);
  }
  if (e.time !== undefined && (typeof e.time !== 'string' || Number.isNaN(Date.parse(e.time)))) {
    problems.push('time must be an RFC 3339 timestamp when present');
  }
  if (typeof e.data !== 'object' || e.data === null) problems.push('data must be an object');
  if (problems.length > 0) throw new ShieldlineError('ENVELOPE_INVALID', problems.join('; '));
  return parsed as CloudEvent;
}

/** Change-feed message headers naming the causing event's acceptance time and connector (end-to-end lag). */
export const RECEIVED_AT_HEADER = 'shieldline-received-at';
export const SOURCE_HEADER = 'shieldline-source';
