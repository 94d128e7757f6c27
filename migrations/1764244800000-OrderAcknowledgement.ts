import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * A force's acknowledgement that it has received an order (docs/architecture.md): the court
 * can see the order reached the police, which is the gap the hub exists to close (DAC:747).
 */
export class OrderAcknowledgement1764244800000 implements MigrationInterface {
  name = 'OrderAcknowledgement1764244800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE order_acknowledgement (
        order_id        uuid NOT NULL,
        police_area     text NOT NULL,
        acknowledged_by text NOT NULL,
        acknowledged_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (order_id, police_area)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE order_acknowledgement`);
  }
}
