import { type DataSource } from 'typeorm';
import { type HeldRecord, type Manifest } from '../../domain/reconciliation';
import { type ReconciliationPort, type ReconciliationRun } from '../../domain/reconciliation.service';

/** The CloudEvent `source` of a connector's events. */
const sourceOf = (connector: string) => `urn:shieldline:connector:${connector}`;

/** Manifests, the hub's holdings by source record, and reconciliation results. */
export class ReconciliationRepository implements ReconciliationPort {
  constructor(private readonly dataSource: DataSource) {}

  async saveManifest(connector: string, manifest: Manifest, submittedBy: string): Promise<void> {
    // The latest manifest of a day replaces the earlier one (a source re-sends a corrected manifest).
    await this.dataSource.query(
      `INSERT INTO reconciliation_manifest (connector, day, records, submitted_by)
       VALUES ($1, $2::date, $3::jsonb, $4)
       ON CONFLICT (connector, day)
       DO UPDATE SET records = EXCLUDED.records, submitted_by = EXCLUDED.submitted_by, submitted_at = now()`,
      [connector, manifest.day, JSON.stringify(manifest.records), submittedBy],
    );
  }

  async manifests(connector: string, from: string, to: string): Promise<Manifest[]> {
    const rows = await this.dataSource.query<{ day: string; records: Manifest['records'] }[]>(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, records FROM reconciliation_manifest
       WHERE connector = $1 AND day BETWEEN $2::date AND $3::date ORDER BY day`,
      [connector, from, to],
    );
    return rows;
  }

  async held(connector: string, ids: readonly string[]): Promise<HeldRecord[]> {
    if (ids.length === 0) return [];
    return this.dataSource.query<HeldRecord[]>(
      `SELECT DISTINCT source_record_id AS id, source_version AS version FROM event_store
       WHERE source = $1 AND source_record_id = ANY($2::text[])`,
      [sourceOf(connector), ids],
    );
  }

  async receivedOn(connector: string, day: string): Promise<HeldRecord[]> {
    // The source's day is a day in England and Wales: midnight to midnight, Europe/London.
    return this.dataSource.query<HeldRecord[]>(
      `SELECT DISTINCT source_record_id AS id, source_version AS version FROM event_store
       WHERE source = $1 AND source_record_id IS NOT NULL
         AND received_at >= ($2::date::timestamp AT TIME ZONE 'Europe/London')
         AND received_at < (($2::date + 1)::timestamp AT TIME ZONE 'Europe/London')`,
      [sourceOf(connector), day],
    );
  }

  async saveRun(run: ReconciliationRun): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO reconciliation_run (run_id, connector, day, ran_at, ran_by, manifest_records, matched,
                                       missing, extra, changed, differences)
       VALUES ($1, $2, $3::date, $4, $5, $6, $7, $8, $9, $10, $11::jsonb)`,
      [
        run.runId,
        run.connector,
        run.day,
        run.ranAt,
        run.ranBy,
        run.manifestRecords,
        run.matched,
        run.missing,
        run.extra,
        run.changed,
        JSON.stringify(run.differences),
      ],
    );
  }

  async runs(filter: {
    connector: string | null;
    from: string;
    to: string;
    limit: number;
  }): Promise<ReconciliationRun[]> {
    const rows = await this.dataSource.query<(Omit<ReconciliationRun, 'ranAt'> & { ranAt: Date })[]>(
      `SELECT run_id::text AS "runId", connector, to_char(day, 'YYYY-MM-DD') AS day, ran_at AS "ranAt",
              ran_by AS "ranBy", manifest_records AS "manifestRecords", matched, missing, extra, changed,
              differences
       FROM reconciliation_run
       WHERE ($1::text IS NULL OR connector = $1) AND day BETWEEN $2::date AND $3::date
       ORDER BY day DESC, ran_at DESC LIMIT $4`,
      [filter.connector, filter.from, filter.to, filter.limit],
    );
    return rows.map((r) => ({ ...r, ranAt: new Date(r.ranAt).toISOString() }));
  }
}
