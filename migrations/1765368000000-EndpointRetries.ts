import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * A force's own retry schedule and timeout per delivery endpoint (null: the deployment's DELIVERY_*),
 * set by the force's administrator in the database, not in the environment.
 */
export class EndpointRetries1765368000000 implements MigrationInterface {
  name = 'EndpointRetries1765368000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE delivery_endpoint
        ADD COLUMN retry_base_ms integer CHECK (retry_base_ms BETWEEN 1 AND 3600000),
        ADD COLUMN retry_max_ms  integer CHECK (retry_max_ms BETWEEN 1 AND 86400000),
        ADD COLUMN timeout_ms    integer CHECK (timeout_ms BETWEEN 100 AND 300000)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE delivery_endpoint DROP COLUMN retry_base_ms, DROP COLUMN retry_max_ms,
                   DROP COLUMN timeout_ms`);
  }
}
