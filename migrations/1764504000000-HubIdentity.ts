import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The hub's identity: made once with its database. A sender's checkpoints are kept per hub (`shieldline
 * ingest` over HTTP), so a new hub — a fresh database behind the same URL — is sent everything again.
 */
export class HubIdentity1764504000000 implements MigrationInterface {
  name = 'HubIdentity1764504000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE hub_identity (
        singleton  boolean PRIMARY KEY DEFAULT true CHECK (singleton),
        hub_id     uuid NOT NULL DEFAULT gen_random_uuid(),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`INSERT INTO hub_identity DEFAULT VALUES`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE hub_identity`);
  }
}
