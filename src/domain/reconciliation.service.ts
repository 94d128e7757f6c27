import { newId } from '../common/ids';
import { type Logger } from '../common/logger';
import { NO_TELEMETRY, type Telemetry } from '../common/telemetry';
import { type AccessStep } from '../security/access-step';
import { type Actor } from '../security/actor';
import {
  compareManifest,
  type Difference,
  type HeldRecord,
  laterVersion,
  type Manifest,
  parseManifest,
} from './reconciliation';

export interface ReconciliationRun {
  runId: string;
  connector: string;
  day: string;
  ranAt: string;
  ranBy: string;
  manifestRecords: number;
  matched: number;
  missing: number;
  extra: number;
  changed: number;
  differences: Difference[];
}

/** What reconciliation reads and keeps (implemented in src/persistence/repositories). */
export interface ReconciliationPort {
  saveManifest(connector: string, manifest: Manifest, submittedBy: string): Promise<void>;
  manifests(connector: string, from: string, to: string): Promise<Manifest[]>;
  /** Every (id, version) the hub holds from this connector among these source record ids. */
  held(connector: string, ids: readonly string[]): Promise<HeldRecord[]>;
  /** Every (id, version) the hub received from this connector on this Europe/London day. */
  receivedOn(connector: string, day: string): Promise<HeldRecord[]>;
  saveRun(run: ReconciliationRun): Promise<void>;
  runs(filter: {
    connector: string | null;
    from: string;
    to: string;
    limit: number;
  }): Promise<ReconciliationRun[]>;
}

export type SubmitOutcome = { run: ReconciliationRun } | { problems: string[] };

/**
 * Reconciliation of each source with the hub. A source posts its manifest for a day (what it sent);
 * the hub compares it with the events it holds from that source and keeps the result. Every difference
 * is an operator alert: logged at warn, counted in `shieldline_reconciliation_differences_total`, and
 * listed by `reconciliations` for operators. A stored manifest can be compared again (after the
 * projector caught up, after a re-seed) with `shieldline reconcile`.
 */
export class ReconciliationService {
  constructor(
    private readonly store: ReconciliationPort,
    private readonly access: AccessStep,
    private readonly logger: Logger | null = null,
    private readonly telemetry: Telemetry = NO_TELEMETRY,
  ) {}

  /** A source's manifest: the publisher that may publish for the connector may post its manifest. */
  async submit(actor: Actor, connector: string, body: unknown): Promise<SubmitOutcome> {
    await this.access.require(actor, 'PUBLISH_RECORDS', 'submitManifest', [`connector:${connector}`]);
    const parsed = parseManifest(body);
    if ('problems' in parsed) return parsed;
    await this.store.saveManifest(connector, parsed.manifest, actor.subject);
    return { run: await this.reconcile(actor, connector, parsed.manifest) };
  }

  /** Compares the stored manifests of a date range again, as they stand now. */
  async rerun(actor: Actor, connector: string, from: string, to: string): Promise<ReconciliationRun[]> {
    await this.access.require(actor, 'RECONCILIATION', 'reconcile', [`connector:${connector}`]);
    const runs: ReconciliationRun[] = [];
    for (const manifest of await this.store.manifests(connector, from, to))
      runs.push(await this.reconcile(actor, connector, manifest));
    return runs;
  }

  /** Results, newest first. Their differences name source record ids: operators, for operations. */
  async runs(
    actor: Actor,
    filter: { connector: string | null; from: string; to: string; limit: number },
  ): Promise<ReconciliationRun[]> {
    await this.access.require(actor, 'RECONCILIATION', 'reconciliations');
    const runs = await this.store.runs(filter);
    await this.access.recordRead(
      actor,
      'reconciliations',
      runs.map((r) => `reconciliation:${r.runId}`),
    );
    return runs;
  }

  private async reconcile(actor: Actor, connector: string, manifest: Manifest): Promise<ReconciliationRun> {
    const [held, received] = await Promise.all([
      this.store.held(
        connector,
        manifest.records.map((r) => r.id),
      ),
      this.store.receivedOn(connector, manifest.day),
    ]);
    const comparison = compareManifest(manifest, latestPerRecord(held), latestPerRecord(received));
    const count = (kind: Difference['kind']) => comparison.differences.filter((d) => d.kind === kind).length;
    const run: ReconciliationRun = {
      runId: newId(),
      connector,
      day: manifest.day,
      ranAt: new Date().toISOString(),
      ranBy: actor.subject,
      manifestRecords: comparison.manifestRecords,
      matched: comparison.matched,
      missing: count('MISSING'),
      extra: count('EXTRA'),
      changed: count('CHANGED'),
      differences: comparison.differences,
    };
    await this.store.saveRun(run);
    for (const difference of comparison.differences) {
      this.telemetry.reconciliationDifference(connector, difference.kind);
      // One line per difference: the source's record id is the operator's handle on it (no content).
      this.logger?.warn('reconciliation difference', {
        connector,
        day: manifest.day,
        runId: run.runId,
        ...difference,
      });
    }
    return run;
  }
}

function latestPerRecord(records: readonly HeldRecord[]): HeldRecord[] {
  const latest = new Map<string, string | null>();
  for (const r of records)
    latest.set(r.id, latest.has(r.id) ? laterVersion(latest.get(r.id)!, r.version) : r.version);
  return [...latest].map(([id, version]) => ({ id, version }));
}
