import { createHash } from 'node:crypto';

/** One consultation as the chain hashes it (DPA 2018 s.62: justification, time, identity). */
export interface AuditEntry {
  at: string;
  actor: string;
  agency: string;
  area: string | null;
  purpose: string;
  tokenId: string | null;
  operation: string;
  recordIds: readonly string[];
}

/** The chain's start: the first record's previous hash. */
export const GENESIS: Buffer = Buffer.alloc(32);

/** sha256(previous hash ‖ canonical JSON of the entry). Pure, so the verifier recomputes it exactly. */
export function auditHash(previous: Buffer, entry: AuditEntry): Buffer {
  return createHash('sha256').update(previous).update(canonicalAuditText(entry), 'utf8').digest();
}

/** The exact text hashed for an entry (also handed to the database's audit_append). */
export function canonicalAuditText(entry: AuditEntry): string {
  return JSON.stringify([
    entry.at,
    entry.actor,
    entry.agency,
    entry.area,
    entry.purpose,
    entry.tokenId,
    entry.operation,
    entry.recordIds,
  ]);
}

export interface StoredAuditEntry extends AuditEntry {
  auditId: string;
  prevHash: Buffer | null;
  hash: Buffer | null;
}

/**
 * Walks records in order and returns the first whose stored hashes do not follow from its content and
 * its predecessor — an edited, inserted or deleted row — or null when the chain holds.
 */
export function firstBrokenLink(
  records: readonly StoredAuditEntry[],
  previous: Buffer,
): { auditId: string; reason: string } | null {
  let expectedPrev = previous;
  for (const record of records) {
    if (!record.prevHash || !record.hash) return { auditId: record.auditId, reason: 'record has no hash' };
    if (!record.prevHash.equals(expectedPrev))
      return { auditId: record.auditId, reason: 'previous hash does not match the record before it' };
    if (!auditHash(record.prevHash, record).equals(record.hash))
      return { auditId: record.auditId, reason: 'content does not match its hash' };
    expectedPrev = record.hash;
  }
  return null;
}

export interface AuditChainVerification {
  intact: boolean;
  /** Records checked (up to the first broken one). */
  checked: number;
  /** The first record whose hashes do not follow, and why; null when the chain holds. */
  firstBroken: { auditId: string; reason: string } | null;
}

/**
 * Walks the whole chain from its genesis, page by page in append order, and stops at the first broken
 * link. Records appended while it walks are checked too, up to where it ends.
 */
export async function verifyAuditChain(
  page: (after: string | null, limit: number) => Promise<readonly StoredAuditEntry[]>,
  pageSize = 5000,
): Promise<AuditChainVerification> {
  let previous: Buffer = GENESIS;
  let after: string | null = null;
  let checked = 0;
  for (;;) {
    const records = await page(after, pageSize);
    if (records.length === 0) return { intact: true, checked, firstBroken: null };
    const broken = firstBrokenLink(records, previous);
    if (broken) {
      const index = records.findIndex((r) => r.auditId === broken.auditId);
      return { intact: false, checked: checked + Math.max(0, index), firstBroken: broken };
    }
    checked += records.length;
    previous = records.at(-1)!.hash!;
    after = records.at(-1)!.auditId;
  }
}
