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
    // One round trip per append: lock the chain, read its head (a fresh snapshot per statement inside
    // a volatile function, so after the lock), chain the hashes, insert. The canonical text of each entry
    // is built by the caller (src/domain/audit-chain.ts) so the verifier recomputes exactly the same bytes.
    await q.query(`
      CREATE FUNCTION audit_append(p_at timestamptz, p_actor text[], p_agency text[], p_area text[],
                                   p_purpose text[], p_token text[], p_operation text[], p_records jsonb[],
                                   p_canonical text[])
      RETURNS void LANGUAGE plpgsql VOLATILE AS $$
      DECLARE
        previous bytea;
        current bytea;
      BEGIN
        PERFORM pg_advisory_xact_lock(1635083380, 0);
        SELECT hash INTO previous FROM audit_record ORDER BY audit_id DESC LIMIT 1;
        previous := coalesce(previous, decode(repeat('00', 32), 'hex'));
        FOR i IN 1 .. coalesce(array_length(p_actor, 1), 0) LOOP
          current := sha256(previous || convert_to(p_canonical[i], 'UTF8'));
          INSERT INTO audit_record (at, actor, agency, area, purpose, token_id, operation, record_ids,
                                    prev_hash, hash)
          VALUES (p_at, p_actor[i], p_agency[i], p_area[i], p_purpose[i], p_token[i], p_operation[i],
                  ARRAY(SELECT jsonb_array_elements_text(p_records[i])), previous, current);
          previous := current;
        END LOOP;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION audit_append`);
    await q.query(`DROP INDEX audit_record_records_idx`);
    await q.query(`ALTER TABLE audit_record DROP COLUMN area, DROP COLUMN token_id, DROP COLUMN prev_hash,
                   DROP COLUMN hash`);
  }
}
