/**
 * What the data path reports for operators, as a port: the stages call these, and the hub wires them to
 * Prometheus (src/ops/metrics.ts). The default does nothing, so a stage used on its own (a test, the
 * CLI) needs no registry. Labels are bounded: connector ids, reason codes, topics, stage names — never
 * a record's content, a person or a reference.
 */
export interface Telemetry {
  /** Records answered at an ingest door, by connector and outcome (with the reason when rejected). */
  recordsIngested(connector: string, outcome: IngestOutcomeLabel, reason: string | null, count: number): void;
  /** Dead letters written, by where they came from (a connector id, or `projector`) and reason. */
  deadLettered(origin: string, reason: string, count: number): void;
  /** Events the projector read, by what it did with them. */
  eventsProjected(outcome: 'applied' | 'duplicate' | 'dead_lettered', count: number): void;
  /** Messages between the projector's position and the end of a partition, after its last batch. */
  projectorLag(topic: string, partition: number, messages: number): void;
  /** Partitions the projector has halted because their log changed. */
  partitionsHalted(count: number): void;
  /**
   * One event's time to a stage, by its source (connector): `accepted` from the source's own time to
   * the log's acknowledgement; `projected` and `delivered` from acceptance to the projection's commit
   * and to the delivery to subscribers. These are the service-level figures a force is promised.
   */
  stageReached(source: string, stage: EventStage, seconds: number): void;
  /** Open GraphQL subscriptions (+1 / −1). */
  subscriptionsOpened(delta: number): void;
  /** Subscribers dropped for not reading (or other reasons). */
  subscriberDropped(reason: string): void;
  /** Rows appended to the audit chain. */
  auditAppended(count: number): void;
  /** A connection closed as it arrived because a bound was reached (`total`, `per_client`). */
  connectionRefused(bound: string): void;
  /** Ingest requests being handled (+1 / −1). */
  ingestInFlight(delta: number): void;
  /** An ingest request refused unread because the door was at its bound (INGEST_MAX_IN_FLIGHT). */
  ingestShed(connector: string): void;
  /** One difference between a source's manifest and what the hub holds (MISSING, EXTRA, CHANGED). */
  reconciliationDifference(connector: string, kind: string): void;
  /** A clock transition fired, with how late it fired after its moment (timer accuracy). */
  clockTransitionFired(transition: string, lateSeconds: number): void;
  /** A victim notification was handed to GOV.UK Notify (or given up), seconds after its occurrence was announced. */
  victimNotificationSent(outcome: 'sent' | 'failed', seconds: number): void;
}

export type IngestOutcomeLabel = 'accepted' | 'duplicate' | 'rejected';
export type EventStage = 'accepted' | 'projected' | 'delivered';

export const NO_TELEMETRY: Telemetry = {
  recordsIngested: () => undefined,
  deadLettered: () => undefined,
  eventsProjected: () => undefined,
  projectorLag: () => undefined,
  partitionsHalted: () => undefined,
  stageReached: () => undefined,
  subscriptionsOpened: () => undefined,
  subscriberDropped: () => undefined,
  auditAppended: () => undefined,
  reconciliationDifference: () => undefined,
  connectionRefused: () => undefined,
  ingestInFlight: () => undefined,
  ingestShed: () => undefined,
  clockTransitionFired: () => undefined,
  victimNotificationSent: () => undefined,
};

/** The connector an event came from, by its CloudEvent `source` (`urn:shieldline:connector:<id>`). */
export function sourceLabel(source: string): string {
  const prefix = 'urn:shieldline:connector:';
  return source.startsWith(prefix) ? source.slice(prefix.length) : 'other';
}

/** Seconds from an ISO instant to now (never negative: clocks of two machines disagree a little). */
export function secondsSince(iso: string | undefined | null, now = Date.now()): number | null {
  if (!iso) return null;
  const at = Date.parse(iso);
  return Number.isNaN(at) ? null : Math.max(0, (now - at) / 1000);
}
