import { type DataSource } from 'typeorm';
import { type Page, type PageRequest } from '../../domain/page';
import { decodeCursor, keysetAfter, keysetPage, sortKeyColumn } from '../keyset';
import { PreparedStatements } from '../prepared-statements';
import { type AuditEntry, canonicalAuditText, type StoredAuditEntry } from '../../domain/audit-chain';
import { type Actor, type AuditPort } from '../../domain/officer-lookup.service';
import { NO_TELEMETRY, type Telemetry } from '../../common/telemetry';

interface PendingRecord {
  actor: Actor;
  operation: string;
  recordIds: readonly string[];
  resolve: () => void;
  reject: (err: unknown) => void;
}

const MAX_BATCH = 500;

/**
 * Append-only, hash-chained consultation log (DPA 2018 s.62: who, when, why, what). Reads made in the same
 * tick are appended by one call of the database function audit_append, which locks the chain, reads its
 * head and inserts the records with their chained hashes; each caller's promise resolves only after that commits, so no personal data is
 * returned before its audit record exists. Replicas share one chain through the lock.
 */
export class AuditRepository implements AuditPort {
  private pending: PendingRecord[] = [];
  private scheduled = false;
  private readonly prepared: PreparedStatements;

  constructor(
    dataSource: DataSource,
    private readonly telemetry: Telemetry = NO_TELEMETRY,
  ) {
    this.prepared = new PreparedStatements(dataSource);
  }

  recordRead(actor: Actor, operation: string, recordIds: readonly string[]): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ actor, operation, recordIds, resolve, reject });
      if (this.pending.length >= MAX_BATCH) this.flush();
      else if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    const batch = this.pending.splice(0);
    if (batch.length === 0) return;
    const at = new Date().toISOString();
    const entries: AuditEntry[] = batch.map((b) => ({
      at,
      actor: b.actor.subject,
      agency: b.actor.agency,
      area: b.actor.area,
      purpose: b.actor.purpose,
      tokenId: b.actor.tokenId,
      operation: b.operation,
      recordIds: [...b.recordIds],
    }));
    // One statement: the database function locks the chain head and appends (migration AuditChain).
    this.prepared
      .query(
        'audit_append',
        `SELECT audit_append($1::timestamptz, $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
                             $7::text[], $8::jsonb[], $9::text[])`,
        [
          at,
          entries.map((e) => e.actor),
          entries.map((e) => e.agency),
          entries.map((e) => e.area),
          entries.map((e) => e.purpose),
          entries.map((e) => e.tokenId),
          entries.map((e) => e.operation),
          entries.map((e) => JSON.stringify(e.recordIds)),
          entries.map((e) => canonicalAuditText(e)),
        ],
      )
      .then(
        () => {
          this.telemetry.auditAppended(batch.length);
          batch.forEach((b) => b.resolve());
        },
        (err: unknown) => batch.forEach((b) => b.reject(err)),
      );
  }
}

interface AuditRow {
  audit_id: string;
  at: Date;
  actor: string;
  agency: string;
  area: string | null;
  purpose: string;
  token_id: string | null;
  operation: string;
  record_ids: string[];
  prev_hash: Buffer | null;
  hash: Buffer | null;
}

function toEntry(r: AuditRow): StoredAuditEntry {
  return {
    auditId: r.audit_id,
    at: r.at.toISOString(),
    actor: r.actor,
    agency: r.agency,
    area: r.area,
    purpose: r.purpose,
    tokenId: r.token_id,
    operation: r.operation,
    recordIds: r.record_ids,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

const AUDIT_COLUMNS = `audit_id::text, at, actor, agency, area, purpose, token_id, operation, record_ids, prev_hash, hash`;

/** Reads of the consultation log: the chain in order (for verification) and who looked at a record. */
export class AuditLogReader {
  constructor(private readonly dataSource: DataSource) {}

  /** Up to `limit` records after `afterId`, in chain order. */
  async page(afterId: string | null, limit: number): Promise<StoredAuditEntry[]> {
    const rows = await this.dataSource.query<AuditRow[]>(
      `SELECT ${AUDIT_COLUMNS} FROM audit_record WHERE $1::bigint IS NULL OR audit_id > $1::bigint
       ORDER BY audit_record.audit_id LIMIT $2`, // the table column: the output audit_id is text
      [afterId, limit],
    );
    return rows.map(toEntry);
  }

  /** Everyone who read any of these records (e.g. person:<id>), newest first. */
  /** Reads of any of these records, newest first. */
  async readsOf(recordIds: readonly string[], page: PageRequest): Promise<Page<StoredAuditEntry>> {
    const keys = ['audit_record.audit_id']; // the table column: the output audit_id is text
    return keysetPage<AuditRow & { sort_key: string[] }, StoredAuditEntry>(
      this.dataSource,
      `SELECT ${AUDIT_COLUMNS}, ${sortKeyColumn(keys)} FROM audit_record
       WHERE record_ids && $1::text[] AND ${keysetAfter(keys, ['bigint'], 2, 'DESC')}
       ORDER BY audit_record.audit_id DESC LIMIT $3`,
      [[...recordIds], decodeCursor(page.after, keys.length)],
      page,
      toEntry,
    );
  }
}
