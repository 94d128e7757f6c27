import { type Actor } from '../security/actor';
import { type AccessStep } from '../security/access-step';
import { type AuditChainVerification, type StoredAuditEntry, verifyAuditChain } from './audit-chain';
import { type Page, type PageRequest } from './page';

export interface AuditTrailPort {
  readsOf(recordIds: readonly string[], page: PageRequest): Promise<Page<StoredAuditEntry>>;
  /** The chain in append order, after `after` (null: from its start). */
  page(after: string | null, limit: number): Promise<StoredAuditEntry[]>;
}

/** "Who has looked at this person, when, why and at what" — for auditors; reading it is audited too. */
export class AuditTrailService {
  constructor(
    private readonly reads: AuditTrailPort,
    private readonly access: AccessStep,
  ) {}

  async consultationsOf(actor: Actor, personId: string, page: PageRequest): Promise<Page<StoredAuditEntry>> {
    await this.access.require(actor, 'AUDIT_TRAIL', 'consultations', [`person:${personId}`]);
    const reads = await this.reads.readsOf([`person:${personId}`], page);
    await this.access.recordRead(actor, 'consultations', [`person:${personId}`]);
    return reads;
  }

  /** Walks the whole hash chain, as `shieldline audit verify` does: for auditors, audited. */
  async verifyChain(actor: Actor): Promise<AuditChainVerification> {
    await this.access.require(actor, 'AUDIT_TRAIL', 'auditChainVerification');
    const result = await verifyAuditChain((after, limit) => this.reads.page(after, limit));
    await this.access.recordRead(actor, 'auditChainVerification', []);
    return result;
  }
}
