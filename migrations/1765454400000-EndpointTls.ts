import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Mutual TLS per webhook endpoint: the client certificate and key the hub presents to the force's
 * receiver, and optionally the CA the receiver's own certificate must chain to (pinning a force's private
 * CA instead of the public ones). Stored like the signing secrets (protect the database accordingly).
 */
export class EndpointTls1765454400000 implements MigrationInterface {
  name = 'EndpointTls1765454400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE delivery_endpoint ADD COLUMN tls jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE delivery_endpoint DROP COLUMN tls`);
  }
}
