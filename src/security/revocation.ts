import { errorMessage } from '../common/errors';
import { type Logger } from '../common/logger';

/** How often each gateway replica reads new revocations (revocation must bite within 5 s). */
export const REVOCATION_POLL_MS = 1000;

/** Where revocations are kept (src/persistence/repositories/token-revocation.repository.ts). */
export interface RevocationStore {
  /** Records a revocation; revoking a token twice keeps the first. */
  record(tokenId: string, by: string, reason: string | null): Promise<void>;
  /** Revocations recorded after `since` (with some look-back), oldest first. */
  recordedSince(since: Date): Promise<{ tokenId: string; revokedAt: Date }[]>;
}

/**
 * Revoked token ids, shared through PostgreSQL: `revoke` writes one; every replica polls for new ones
 * each second, keeps the set in memory (checked on every request and every subscription event) and tells
 * its listeners so open sockets holding a revoked token are closed.
 */
export class RevocationList {
  private readonly revoked = new Set<string>();
  private readonly listeners: ((tokenIds: string[]) => void)[] = [];
  private since = new Date(0);
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly store: RevocationStore,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    await this.poll();
    this.timer = setInterval(() => void this.poll(), REVOCATION_POLL_MS);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  isRevoked(tokenId: string | null): boolean {
    return tokenId !== null && this.revoked.has(tokenId);
  }

  onRevoked(listener: (tokenIds: string[]) => void): void {
    this.listeners.push(listener);
  }

  async revoke(tokenId: string, by: string, reason: string | null): Promise<void> {
    await this.store.record(tokenId, by, reason);
    this.logger.info('token revoked', { tokenId, by });
    await this.poll();
  }

  private async poll(): Promise<void> {
    try {
      const rows = await this.store.recordedSince(this.since);
      const fresh = rows.map((r) => r.tokenId).filter((id) => !this.revoked.has(id));
      for (const row of rows) {
        this.revoked.add(row.tokenId);
        if (row.revokedAt > this.since) this.since = row.revokedAt;
      }
      if (fresh.length > 0) for (const listener of this.listeners) listener(fresh);
    } catch (err) {
      this.logger.warn('could not read token revocations; will retry', { error: errorMessage(err) });
    }
  }
}
