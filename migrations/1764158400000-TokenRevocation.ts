import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** Revoked tokens (by jti): every gateway replica polls this and closes their sockets within seconds. */
export class TokenRevocation1764158400000 implements MigrationInterface {
  name = 'TokenRevocation1764158400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE token_revocation (
        token_id   text PRIMARY KEY,
        revoked_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        revoked_by text NOT NULL,
        reason     text
      )`);
    await q.query(`CREATE INDEX token_revocation_at_idx ON token_revocation (revoked_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE token_revocation`);
  }
}
