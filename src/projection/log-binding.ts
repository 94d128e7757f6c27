import { createHash } from 'node:crypto';
import { type ConsumedBatch } from '../messaging/event-log.port';
import { type StoredPosition } from '../persistence/repositories/read-positions.repository';

export function messageDigest(value: Buffer): string {
  return createHash('sha256').update(value).digest('hex');
}

/**
 * Pure: why this batch does not come from the log the stored position was read from, or null when it
 * does. A position means nothing in another log: a recreated Kafka cluster (no volume, a new image) or
 * a recreated topic starts again at offset 0, and skipping "everything below the stored offset" would
 * drop every new event there without a trace. Three signs, any one enough:
 * - the log's identity changed (Kafka cluster id, the table log's id);
 * - the partition ends below the stored position (truncated, recreated, unclean leader election);
 * - the message at the last offset read is not the one that was read there.
 */
export function logChange(
  stored: StoredPosition | null,
  batch: Pick<ConsumedBatch, 'messages' | 'highWatermark'>,
  logId: string,
): LogChange | null {
  if (stored === null) return null;
  if (stored.logId !== null && stored.logId !== logId) {
    return {
      kind: 'changed',
      reason: `this partition was read from log ${stored.logId}, but the log is now ${logId}`,
    };
  }
  const lastRead = (stored.next - 1n).toString();
  const anchor = batch.messages.find((m) => m.offset === lastRead);
  if (anchor && stored.lastDigest !== null && messageDigest(anchor.value) !== stored.lastDigest) {
    return {
      kind: 'changed',
      reason: `the message at offset ${lastRead} is not the one the hub read there: the log was recreated`,
    };
  }
  if (BigInt(batch.highWatermark) < stored.next) {
    return {
      kind: 'behind',
      reason: `the partition ends at offset ${batch.highWatermark}, but the hub had read up to offset ${stored.next}: the log was recreated or truncated`,
    };
  }
  return null;
}

/**
 * `changed` is certain. `behind` is also what a new partition leader reports for a moment after a broker
 * fails (its high watermark catches up with the old leader's within seconds), so the projector treats it
 * as a retriable refusal at first — nothing applied, nothing skipped, the batch fetched again — and as a
 * changed log only when it persists (BEHIND_GRACE_MS).
 */
export interface LogChange {
  kind: 'changed' | 'behind';
  reason: string;
}

/** How long a partition may report an end below the stored position before it is taken as changed. */
export const BEHIND_GRACE_MS = 60_000;
