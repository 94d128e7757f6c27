import { type DataSource } from 'typeorm';
import { type RevocationStore } from '../../security/revocation';

/** Revoked token ids (table token_revocation), read by every gateway replica's RevocationList. */
export class TokenRevocationRepository implements RevocationStore {
  constructor(private readonly dataSource: DataSource) {}

  async record(tokenId: string, by: string, reason: string | null): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO token_revocation (token_id, revoked_by, reason) VALUES ($1, $2, $3)
       ON CONFLICT (token_id) DO NOTHING`,
      [tokenId, by, reason],
    );
  }

  async recordedSince(since: Date): Promise<{ tokenId: string; revokedAt: Date }[]> {
    const rows = await this.dataSource.query<{ token_id: string; revoked_at: Date }[]>(
      // Look back 30 s: a revocation committed late can carry an earlier timestamp than one already seen.
      `SELECT token_id, revoked_at FROM token_revocation
       WHERE revoked_at > $1::timestamptz - interval '30 seconds' ORDER BY revoked_at`,
      [since],
    );
    return rows.map((r) => ({ tokenId: r.token_id, revokedAt: r.revoked_at }));
  }
}
