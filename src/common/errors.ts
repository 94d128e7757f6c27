/**
 * Every error that crosses a module boundary is a ShieldlineError with a stable code. `retriable` tells the
 * one place that decides (src/ingest/failure-policy.ts) whether to try again or dead-letter.
 */
export type ShieldlineErrorCode =
  | 'CONFIG_INVALID'
  | 'EVENT_LOG_UNAVAILABLE'
  | 'EVENT_LOG_PUBLISH_FAILED'
  | 'EVENT_LOG_CHANGED'
  | 'EVENT_LOG_GROUP_ACTIVE'
  | 'EVENT_TOO_LARGE'
  | 'DATABASE_UNAVAILABLE'
  | 'ENVELOPE_INVALID'
  | 'EVENT_NOT_IN_CATALOGUE'
  | 'PROJECTION_FAILED'
  | 'DEAD_LETTER_NOT_FOUND'
  | 'DEAD_LETTER_ALREADY_REDRIVEN'
  | 'DEAD_LETTER_NOT_REDRIVABLE'
  | 'CONNECTOR_CONFIG_INVALID'
  | 'SOURCE_UNAVAILABLE'
  | 'SOURCE_UNREADABLE'
  | 'RETRIES_EXHAUSTED'
  | 'INGEST_REFUSED'
  | 'HUB_UNAVAILABLE'
  | 'NOTIFY_REJECTED'
  | 'NOTIFY_UNAVAILABLE';

export class ShieldlineError extends Error {
  readonly code: ShieldlineErrorCode;
  readonly retriable: boolean;

  constructor(
    code: ShieldlineErrorCode,
    message: string,
    opts: { retriable?: boolean; cause?: unknown } = {},
  ) {
    super(message, { cause: opts.cause });
    this.name = 'ShieldlineError';
    this.code = code;
    this.retriable = opts.retriable ?? false;
  }
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
