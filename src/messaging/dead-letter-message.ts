import { ShieldlineError } from '../common/errors';

/** Why a record was refused. Stable codes: dashboards and re-drive tooling key on them. */
export type RejectionReason =
  | 'UNPARSEABLE'
  | 'SCHEMA_INVALID'
  | 'UNKNOWN_CODE'
  | 'IMPOSSIBLE_DATE'
  | 'OVERSIZED'
  | 'UNSUPPORTED_CONTENT_TYPE'
  | 'FORBIDDEN_CONSTRUCT'
  /** The same source record version was already accepted with different content. */
  | 'VERSION_CONFLICT';

export const REJECTION_REASONS: readonly RejectionReason[] = [
  'UNPARSEABLE',
  'SCHEMA_INVALID',
  'UNKNOWN_CODE',
  'IMPOSSIBLE_DATE',
  'OVERSIZED',
  'UNSUPPORTED_CONTENT_TYPE',
  'FORBIDDEN_CONSTRUCT',
  'VERSION_CONFLICT',
];

/** Where in a rejected record a problem is, and what it is (a connector's Problem has this shape). */
export interface RecordProblem {
  /** JSON Pointer into the source record ('' for the whole record); for CSV the column name. */
  path: string;
  message: string;
}

/** A rejected record: its reason, its problems and its original bytes, as the dead-letter store keeps it. */
export interface DeadLetterRecord {
  deadLetterId: string;
  connector: string;
  reasonCode: string;
  message: string;
  problems: readonly RecordProblem[];
  contentType: string | null;
  originalBytes: Buffer;
  truncated: boolean;
  receivedAt: string;
}

/**
 * What travels on the dead-letter topic: the reason and the original bytes (base64), so a reject can be
 * inspected and re-driven. The projector stores it in the dead_letter table.
 */
interface DeadLetterWire {
  deadLetterId: string;
  connector: string;
  reasonCode: string;
  message: string;
  problems: RecordProblem[];
  contentType: string | null;
  originalBase64: string;
  truncated: boolean;
  receivedAt: string;
}

export function encodeDeadLetter(record: DeadLetterRecord): Buffer {
  const wire: DeadLetterWire = {
    deadLetterId: record.deadLetterId,
    connector: record.connector,
    reasonCode: record.reasonCode,
    message: record.message,
    problems: [...record.problems],
    contentType: record.contentType,
    originalBase64: record.originalBytes.toString('base64'),
    truncated: record.truncated,
    receivedAt: record.receivedAt,
  };
  return Buffer.from(JSON.stringify(wire), 'utf8');
}

export function decodeDeadLetter(bytes: Buffer): DeadLetterRecord {
  let wire: DeadLetterWire;
  try {
    wire = JSON.parse(bytes.toString('utf8')) as DeadLetterWire;
  } catch (err) {
    throw new ShieldlineError('ENVELOPE_INVALID', 'dead-letter message is not JSON', { cause: err });
  }
  if (typeof wire.deadLetterId !== 'string' || typeof wire.originalBase64 !== 'string') {
    throw new ShieldlineError('ENVELOPE_INVALID', 'dead-letter message lacks its id or original bytes');
  }
  return {
    deadLetterId: wire.deadLetterId,
    connector: wire.connector,
    reasonCode: wire.reasonCode,
    message: wire.message,
    problems: wire.problems ?? [],
    contentType: wire.contentType,
    originalBytes: Buffer.from(wire.originalBase64, 'base64'),
    truncated: wire.truncated,
    receivedAt: wire.receivedAt,
  };
}
