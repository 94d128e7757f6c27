import { type DataSource } from 'typeorm';

/** The hub's own facts in its database: its identity, and whether the database answers. */
export class HubRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** This database's hub id (migration HubIdentity): senders key their checkpoints by it. */
  async hubId(): Promise<string> {
    const [row] = await this.dataSource.query<{ hub_id: string }[]>('SELECT hub_id::text FROM hub_identity');
    return row!.hub_id;
  }

  /** Resolves when the database answers a statement (readiness). */
  async ping(): Promise<void> {
    await this.dataSource.query('SELECT 1');
  }
}
