import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { type EventStage, type IngestOutcomeLabel, type Telemetry } from '../common/telemetry';
import { type StageHistogram } from '../domain/stage-latency';

/**
 * The hub's Prometheus metrics (prom-client), served on `GET /metrics`. One registry per hub, so two
 * hubs in one process (tests) do not share counters. Names follow Prometheus conventions: `_total` for
 * counters, base units (seconds), bounded labels only.
 */
export class PrometheusTelemetry implements Telemetry {
  readonly registry = new Registry();
  private readonly ingested: Counter<'connector' | 'outcome' | 'reason'>;
  private readonly deadLetters: Counter<'origin' | 'reason'>;
  private readonly projected: Counter<'outcome'>;
  private readonly lag: Gauge<'topic' | 'partition'>;
  private readonly halted: Gauge;
  private readonly stages: Histogram<'source' | 'stage'>;
  private readonly subscriptions: Gauge;
  private readonly dropped: Counter<'reason'>;
  private readonly audits: Counter;
  private readonly reconciliation: Counter<'connector' | 'kind'>;
  private readonly refused: Counter<'bound'>;
  private readonly ingestInFlightGauge: Gauge;
  private readonly shed: Counter<'connector'>;
  private readonly clockLateness: Histogram<'transition'>;
  private readonly victimLag: Histogram<'outcome'>;

  constructor(options: { processMetrics?: boolean } = {}) {
    const registers = [this.registry];
    if (options.processMetrics ?? true)
      collectDefaultMetrics({ register: this.registry, prefix: 'shieldline_' });
    this.ingested = new Counter({
      name: 'shieldline_ingest_records_total',
      help: 'Records answered at an ingest door, by connector and outcome (reason when rejected).',
      labelNames: ['connector', 'outcome', 'reason'],
      registers,
    });
    this.deadLetters = new Counter({
      name: 'shieldline_dead_letters_total',
      help: 'Dead letters written, by origin (connector id or projector) and reason code.',
      labelNames: ['origin', 'reason'],
      registers,
    });
    this.projected = new Counter({
      name: 'shieldline_projector_events_total',
      help: 'Events read by the projector, by outcome (applied, duplicate, dead_lettered).',
      labelNames: ['outcome'],
      registers,
    });
    this.lag = new Gauge({
      name: 'shieldline_projector_lag_messages',
      help: "Messages between the projector's position and the end of each partition, after its last batch.",
      labelNames: ['topic', 'partition'],
      registers,
    });
    this.halted = new Gauge({
      name: 'shieldline_projector_halted_partitions',
      help: 'Partitions halted because their event log changed (run shieldline projections reseed).',
      registers,
    });
    this.stages = new Histogram({
      name: 'shieldline_event_stage_seconds',
      help:
        "Seconds for one event to reach a stage, by source connector: accepted (from the source's own " +
        'time), projected and delivered (from acceptance).',
      labelNames: ['source', 'stage'],
      // Milliseconds for the live path, up to days for `accepted` (a source's own time can be old).
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 3600, 86400],
      registers,
    });
    this.subscriptions = new Gauge({
      name: 'shieldline_subscriptions_open',
      help: 'Open GraphQL subscriptions on this replica.',
      registers,
    });
    this.dropped = new Counter({
      name: 'shieldline_subscribers_dropped_total',
      help: 'Subscribers dropped by this replica, by reason.',
      labelNames: ['reason'],
      registers,
    });
    this.audits = new Counter({
      name: 'shieldline_audit_appends_total',
      help: 'Rows appended to the hash-chained audit log.',
      registers,
    });
    this.ingestInFlightGauge = new Gauge({
      name: 'shieldline_ingest_requests_in_flight',
      help: 'Ingest requests being handled by this replica (bounded by INGEST_MAX_IN_FLIGHT).',
      registers,
    });
    this.shed = new Counter({
      name: 'shieldline_ingest_requests_shed_total',
      help: 'Ingest requests refused unread with 503 because the door was at INGEST_MAX_IN_FLIGHT, by connector.',
      labelNames: ['connector'],
      registers,
    });
    this.refused = new Counter({
      name: 'shieldline_connections_refused_total',
      help: 'Connections closed as they arrived because a bound was reached (total, per_client).',
      labelNames: ['bound'],
      registers,
    });
    this.reconciliation = new Counter({
      name: 'shieldline_reconciliation_differences_total',
      help: "Differences between a source's daily manifest and what the hub holds, by kind (MISSING, EXTRA, CHANGED).",
      labelNames: ['connector', 'kind'],
      registers,
    });
    this.clockLateness = new Histogram({
      name: 'shieldline_clock_transition_lateness_seconds',
      help: 'Seconds from a timer’s moment to its firing: clock transitions (DUE_SOON, DUE, OVERDUE) and ESCALATION of an order not acknowledged.',
      labelNames: ['transition'],
      buckets: [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300, 3600],
      registers,
    });
    this.victimLag = new Histogram({
      name: 'shieldline_victim_notification_seconds',
      help:
        'Seconds from a victim notification being created (with its announcement) to its hand-over to GOV.UK ' +
        'Notify (sent) or to giving up (failed); a quiet window the person chose counts. Target: p99 under 900 s.',
      labelNames: ['outcome'],
      buckets: [0.1, 0.5, 1, 5, 10, 30, 60, 300, 900, 3600, 43200],
      registers,
    });
  }

  victimNotificationSent(outcome: 'sent' | 'failed', seconds: number): void {
    this.victimLag.observe({ outcome }, Math.max(0, seconds));
  }
  clockTransitionFired(transition: string, lateSeconds: number): void {
    this.clockLateness.observe({ transition }, Math.max(0, lateSeconds));
  }
  connectionRefused(bound: string): void {
    this.refused.inc({ bound });
  }
  ingestInFlight(delta: number): void {
    this.ingestInFlightGauge.inc(delta);
  }
  ingestShed(connector: string): void {
    this.shed.inc({ connector });
  }
  reconciliationDifference(connector: string, kind: string): void {
    this.reconciliation.inc({ connector, kind });
  }
  recordsIngested(
    connector: string,
    outcome: IngestOutcomeLabel,
    reason: string | null,
    count: number,
  ): void {
    this.ingested.inc({ connector, outcome, reason: reason ?? '' }, count);
  }
  deadLettered(origin: string, reason: string, count: number): void {
    this.deadLetters.inc({ origin, reason }, count);
  }
  eventsProjected(outcome: 'applied' | 'duplicate' | 'dead_lettered', count: number): void {
    this.projected.inc({ outcome }, count);
  }
  projectorLag(topic: string, partition: number, messages: number): void {
    this.lag.set({ topic, partition: String(partition) }, messages);
  }
  partitionsHalted(count: number): void {
    this.halted.set(count);
  }
  stageReached(source: string, stage: EventStage, seconds: number): void {
    this.stages.observe({ source, stage }, seconds);
  }
  /** The stage histogram's buckets per source and stage (StageHistogramsPort, for pipelineLatency). */
  async stageHistograms(): Promise<StageHistogram[]> {
    const byKey = new Map<string, StageHistogram>();
    for (const { metricName, labels: stageLabels, value } of (await this.stages.get()).values) {
      // Bucket rows carry `le` besides the declared labels.
      const labels = stageLabels as Record<string, string | number | undefined>;
      const source = String(labels.source);
      const stage = String(labels.stage);
      const key = `${source}\u0000${stage}`;
      const histogram = byKey.get(key) ?? { source, stage, buckets: [], count: 0 };
      byKey.set(key, histogram);
      if (metricName?.endsWith('_bucket'))
        histogram.buckets.push({ le: labels.le === '+Inf' ? Infinity : Number(labels.le), count: value });
      else if (metricName?.endsWith('_count')) histogram.count = value;
    }
    return [...byKey.values()];
  }
  subscriptionsOpened(delta: number): void {
    this.subscriptions.inc(delta);
  }
  subscriberDropped(reason: string): void {
    this.dropped.inc({ reason });
  }
  auditAppended(count: number): void {
    this.audits.inc(count);
  }

  /** The exposition text and its content type, for `GET /metrics`. */
  async exposition(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
