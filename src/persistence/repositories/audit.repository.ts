import { type DataSource } from 'typeorm';
import { type Actor, type AuditPort } from '../../domain/officer-lookup.service';

/** Append-only consultation log (DPA 2018 s.62). Hash-chaining and the "who looked" query come with the gateway issue. */
export class AuditRepository implements AuditPort {
  constructor(private readonly dataSource: DataSource) {}

  async recordRead(actor: Actor, operation: string, recordIds: readonly string[]): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO audit_record (actor, agency, purpose, operation, record_ids) VALUES ($1, $2, $3, $4, $5)`,
      [actor.subject, actor.agency, actor.purpose, operation, [...recordIds]],
    );
  }
}
