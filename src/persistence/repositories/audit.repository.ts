import { type DataSource } from 'typeorm';
import { type Actor, type AuditPort } from '../../domain/officer-lookup.service';

interface PendingRecord {
  actor: Actor;
  operation: string;
  recordIds: readonly string[];
  resolve: () => void;
  reject: (err: unknown) => void;
}

const MAX_BATCH = 500;

/**
 * Append-only consultation log (DPA 2018 s.62: who, when, why, what). Reads made in the same tick are
 * written by one INSERT; each caller's promise resolves only after that INSERT commits, so no personal
 * data is returned before its audit record exists. Hash-chaining and the "who looked" query come with
 * the gateway issue.
 */
export class AuditRepository implements AuditPort {
  private pending: PendingRecord[] = [];
  private scheduled = false;

  constructor(private readonly dataSource: DataSource) {}

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
    this.dataSource
      .query(
        `INSERT INTO audit_record (actor, agency, purpose, operation, record_ids)
         SELECT a, g, p, o, ARRAY(SELECT jsonb_array_elements_text(r))
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::jsonb[]) AS x(a, g, p, o, r)`,
        [
          batch.map((b) => b.actor.subject),
          batch.map((b) => b.actor.agency),
          batch.map((b) => b.actor.purpose),
          batch.map((b) => b.operation),
          batch.map((b) => JSON.stringify(b.recordIds)),
        ],
      )
      .then(
        () => batch.forEach((b) => b.resolve()),
        (err: unknown) => batch.forEach((b) => b.reject(err)),
      );
  }
}
