import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Tamper-evident consultation log: each audit record carries the hash of the one before it and its own
 * hash over (previous hash, time, who, agency, area, purpose, token, operation, records), so editing or
 * deleting a row breaks the chain (`shieldline audit verify`). Area and token id join who / why.
 */
export class AuditChain1764072000000 implements MigrationInterface {
  name = 'AuditChain1764072000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit_record ADD COLUMN area text, ADD COLUMN token_id text,
                   ADD COLUMN prev_hash bytea, ADD COLUMN hash bytea`);
    await q.query(`CREATE INDEX audit_record_records_idx ON audit_record USING gin (record_ids)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX audit_record_records_idx`);
    await q.query(`ALTER TABLE audit_record DROP COLUMN area, DROP COLUMN token_id, DROP COLUMN prev_hash,
                   DROP COLUMN hash`);
  }
}
