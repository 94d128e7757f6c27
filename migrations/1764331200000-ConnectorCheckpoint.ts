import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Connector runtime checkpoints: per connector and source (a file's sha-256), the position of the last
 * record the event log acknowledged. Written only after the acknowledgement, so a restart resumes with
 * no gap.
 */
export class ConnectorCheckpoint1764331200000 implements MigrationInterface {
  name = 'ConnectorCheckpoint1764331200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE connector_checkpoint (
        connector  text NOT NULL,
        source_id  text NOT NULL,
        position   bigint NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (connector, source_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE connector_checkpoint`);
  }
}
