import { type SourceAgency } from '../../src/domain/catalogue/event-definition';
import { type RejectionReason } from '../../src/messaging/dead-letter-message';
import { ShieldlineError, type ShieldlineErrorCode } from '../../src/common/errors';

/**
 * The connector contract (after Redpanda Connect / Benthos: the connector reads, a pure function
 * transforms, the runtime owns the log, checkpoints and retries).
 *
 * - A **reader** splits a payload — one HTTP push, an uploaded file, a file dropped in a directory — into
 *   source records, each with its own bytes, so a bad record is dead-lettered alone and can be re-driven.
 * - `normalize` turns one record, in its system's own format, into canonical event drafts or a Rejection
 *   naming every problem. It is pure (no I/O, no clock), so it is tested on recorded fixtures.
 * - The runtime (src/ingest) wraps drafts in CloudEvents, publishes, checkpoints after the log
 *   acknowledges, retries what is retriable and dead-letters the rest with the original bytes.
 */
export type { SourceAgency } from '../../src/domain/catalogue/event-definition';

// Why a record was refused: the dead-letter vocabulary, owned by the wire format it travels in.
export { REJECTION_REASONS, type RejectionReason } from '../../src/messaging/dead-letter-message';

export interface Problem {
  /** JSON Pointer into the source record ('' for the whole record); for CSV the column name. */
  path: string;
  message: string;
}

export interface Rejection {
  reason: RejectionReason;
  problems: readonly Problem[];
}

export interface EventDraft {
  /** Canonical CloudEvents type, e.g. uk.shieldline.court.order.granted.v1 (schema/events/). */
  type: string;
  /** The aggregate this event belongs to; also the partition key. */
  subject: string;
  /** When it happened in the source; null when the source did not say (never replaced by receipt time). */
  occurredAt: string | null;
  /** Identity of the source record version; with the connector id it makes the event id deterministic. */
  sourceRecordId: string;
  sourceRecordVersion: string;
  /**
   * What the record is in the source's own terms, where the format names it apart from the transport's
   * message id: e.g. "grant" of the order in `subject`, "variation 2". With the connector, type, subject and
   * version it identifies the record whatever message id carries it, so the same version with other
   * content under a new message id is a VERSION_CONFLICT, not a second grant. Absent where the format has
   * no such key (a report that may happen many times).
   */
  recordKey?: string;
  data: Record<string, unknown>;
}

export type NormalizeResult =
  { ok: true; drafts: readonly EventDraft[] } | { ok: false; rejection: Rejection };

/** One record cut out of a payload by a reader. */
export interface SourceRecord {
  /** 1-based position in the payload: the checkpoint unit and what error reports point at. */
  position: number;
  /** Where a person finds it in the file, e.g. "line 14". */
  locator: string;
  /** The record on its own, exactly as sent (a CSV row keeps its header line so it stands alone). */
  bytes: Buffer;
  /** Media type of the record on its own: an NDJSON line is application/json, a CSV row text/csv. */
  mediaType: string;
}

/**
 * Splits a payload into records in source order. Never throws on bad input: a part it cannot split
 * cleanly is still a record (normalize then rejects it), so nothing is silently skipped.
 */
export type RecordReader = (bytes: Buffer) => SourceRecord[];

export interface ConnectorDefinition {
  /** Stable kebab-case id, used as the CloudEvents `source` suffix and in dead letters. */
  id: string;
  /** The agency whose records it reads ('any' for the canonical connector); events are routed by type. */
  agency: SourceAgency | 'any';
  /** The runtime refuses a connector written against another contract version. */
  contractVersion: 1;
  /** Payload media types it accepts, each with the reader that splits such a payload into records. */
  readers: Readonly<Record<string, RecordReader>>;
  /** File extensions `shieldline check|ingest FILE` maps to a payload media type. */
  fileTypes: Readonly<Record<string, string>>;
  /** Pure: one record's bytes (of a record media type) in, drafts or a rejection out. */
  normalize(bytes: Buffer, mediaType: string): NormalizeResult;
}

export function reject(reason: RejectionReason, problems: readonly Problem[]): NormalizeResult {
  return { ok: false, rejection: { reason, problems } };
}

/**
 * One rejection for problems collected with the reason each implies: an unknown code decides, impossible
 * dates only when nothing else is wrong, otherwise the record breaks its schema.
 */
export function rejectCollected(
  problems: readonly (Problem & { reason: RejectionReason })[],
): NormalizeResult {
  const reasons = new Set(problems.map((p) => p.reason));
  const reason: RejectionReason = reasons.has('UNKNOWN_CODE')
    ? 'UNKNOWN_CODE'
    : reasons.size === 1 && reasons.has('IMPOSSIBLE_DATE')
      ? 'IMPOSSIBLE_DATE'
      : 'SCHEMA_INVALID';
  return reject(
    reason,
    problems.map(({ path, message }) => ({ path, message })),
  );
}

/** The payload is the record (one JSON message, one XML document). */
export function wholePayload(mediaType: string): RecordReader {
  return (bytes) => [{ position: 1, locator: 'whole body', bytes, mediaType }];
}

/**
 * Failures of a source or of the runtime around it (not of a record: those are Rejections). `retriable`
 * tells the one place that decides (src/ingest/failure-policy.ts) whether to back off and try again.
 */
export type ConnectorErrorCode = Extract<
  ShieldlineErrorCode,
  'CONNECTOR_CONFIG_INVALID' | 'SOURCE_UNAVAILABLE' | 'SOURCE_UNREADABLE' | 'RETRIES_EXHAUSTED'
>;

export class ConnectorError extends ShieldlineError {
  constructor(
    code: ConnectorErrorCode,
    message: string,
    opts: { retriable?: boolean; cause?: unknown } = {},
  ) {
    super(code, message, opts);
    this.name = 'ConnectorError';
  }
}
