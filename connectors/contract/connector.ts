/**
 * The connector contract. A connector turns one source record, in its system's own format, into canonical
 * event drafts — or a Rejection naming every problem. `normalize` is pure (no I/O, no clock), so it is
 * tested on recorded fixtures; the runtime (src/ingest) owns the event log, envelopes and dead letters.
 */
export type Agency = 'court' | 'police' | 'cps';

/** Why a record was refused. Stable codes: dashboards and re-drive tooling key on them. */
export type RejectionReason =
  | 'UNPARSEABLE'
  | 'SCHEMA_INVALID'
  | 'UNKNOWN_CODE'
  | 'IMPOSSIBLE_DATE'
  | 'OVERSIZED'
  | 'UNSUPPORTED_CONTENT_TYPE';

export interface Problem {
  /** JSON Pointer into the source record ('' for the whole record). */
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
  data: Record<string, unknown>;
}

export type NormalizeResult =
  { ok: true; drafts: readonly EventDraft[] } | { ok: false; rejection: Rejection };

export interface ConnectorDefinition {
  /** Stable kebab-case id, used as the CloudEvents `source` suffix and in dead letters. */
  id: string;
  /** The agency whose records it reads ('any' for the canonical connector); events are routed by type. */
  agency: Agency | 'any';
  contractVersion: 1;
  /** Media types the connector accepts (checked before parsing). */
  contentTypes: readonly string[];
  /** Pure: bytes in, drafts or a rejection out. */
  normalize(bytes: Buffer): NormalizeResult;
}

export function reject(reason: RejectionReason, problems: readonly Problem[]): NormalizeResult {
  return { ok: false, rejection: { reason, problems } };
}
