import { type AuditEntry, auditHash, firstBrokenLink, GENESIS, type StoredAuditEntry } from './audit-chain';

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
