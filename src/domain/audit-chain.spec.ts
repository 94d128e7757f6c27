import {
  type AuditEntry,
  auditHash,
  firstBrokenLink,
  GENESIS,
  type StoredAuditEntry,
  verifyAuditChain,
} from './audit-chain';

const entry = (n: number): AuditEntry => ({
  at: `2026-11-22T10:00:0${n}.000Z`,
  actor: 'pc-1',
  agency: 'police',
  area: 'WYP',
  purpose: 'enforcement',
  tokenId: null,
  operation: 'searchPeople',
  recordIds: [`person:${n}`],
});

function chain(count: number): StoredAuditEntry[] {
  let previous = GENESIS;
  return Array.from({ length: count }, (_, i) => {
    const e = entry(i);
    const hash = auditHash(previous, e);
    const stored = { ...e, auditId: String(i + 1), prevHash: previous, hash };
    previous = hash;
    return stored;
  });
}

describe('audit hash chain', () => {
  it('should hold for an untouched chain', () => {
    expect(firstBrokenLink(chain(5), GENESIS)).toBeNull();
  });

  it('should name the first edited record', () => {
    const records = chain(5);
    records[2] = { ...records[2]!, actor: 'someone-else' };
    expect(firstBrokenLink(records, GENESIS)).toEqual({
      auditId: '3',
      reason: 'content does not match its hash',
    });
  });

  it('should notice a deleted record', () => {
    const records = chain(5);
    records.splice(1, 1);
    expect(firstBrokenLink(records, GENESIS)).toEqual({
      auditId: '3',
      reason: 'previous hash does not match the record before it',
    });
  });
});

describe('verifyAuditChain (what audit verify and auditChainVerification walk)', () => {
  const paged = (records: StoredAuditEntry[]) => (after: string | null, limit: number) => {
    const start = after === null ? 0 : records.findIndex((r) => r.auditId === after) + 1;
    return Promise.resolve(records.slice(start, start + limit));
  };

  it('should walk every page of an intact chain, the links between pages included', async () => {
    expect(await verifyAuditChain(paged(chain(11)), 3)).toEqual({
      intact: true,
      checked: 11,
      firstBroken: null,
    });
    expect(await verifyAuditChain(paged([]), 3)).toEqual({ intact: true, checked: 0, firstBroken: null });
  });

  it('should name a record deleted across a page boundary, and count only what held before it', async () => {
    const records = chain(9);
    records.splice(6, 1); // the first record of the third page of 3
    const result = await verifyAuditChain(paged(records), 3);
    expect(result).toEqual({
      intact: false,
      checked: 6,
      firstBroken: { auditId: '8', reason: 'previous hash does not match the record before it' },
    });
  });
});
