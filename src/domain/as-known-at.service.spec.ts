import { type Actor } from '../security/actor';
import { AsKnownAtError, AsKnownAtService, type HistoryReadPort } from './as-known-at.service';
import { type AuditPort } from './officer-lookup.service';
import { type OrderRecord } from './read-records';

const officer: Actor = {
  subject: 'pc-1',
  agency: 'police',
  area: 'WYP',
  roles: ['officer'],
  purpose: 'enforcement',
} as unknown as Actor;

/** An order served on 2026-01-10 that ends on 2026-06-01, as the history port would return it. */
const order = {
  access: {
    id: 'order:o',
    labels: { dataClass: 'ORDERS', policeArea: 'WYP', restrictedTo: null, confidentialAddress: false },
    personIds: ['p'],
  },
  orderId: 'o',
  orderRef: 'REF/1',
  respondentId: 'p',
  protectedParties: [],
  protectedIds: [],
  conditions: [],
  exclusionZones: [],
  versions: [],
  madeAt: new Date('2026-01-10T10:00:00Z'),
  effectiveFrom: new Date('2026-01-10T10:00:00Z'),
  expiresAt: new Date('2026-06-01T00:00:00Z'),
  served: true,
  servedAt: new Date('2026-01-10T12:00:00Z'),
  respondentPresent: null,
  ended: null,
  endedAt: null,
  endedReason: null,
} as unknown as OrderRecord;

describe('AsKnownAtService', () => {
  const reads: { at: Date }[] = [];
  const audited: string[] = [];
  const history = {
    ordersKnownAt: (_refs: readonly string[], at: Date) => {
      reads.push({ at });
      return Promise.resolve([order]);
    },
  } as unknown as HistoryReadPort;
  const audit: AuditPort = {
    recordRead: (_actor, operation) => {
      audited.push(operation);
      return Promise.resolve();
    },
  };
  const service = new AsKnownAtService(history, audit, () => new Date('2026-12-01T00:00:00Z'));

  it('should give each order the status it had at the instant asked (valid time), not today’s', async () => {
    const before = await service.orderByReference(officer, 'REF/1', new Date('2026-05-31T23:00:00Z'));
    const after = await service.orderByReference(officer, 'REF/1', new Date('2026-06-01T00:00:00Z'));
    expect(before).toEqual(expect.objectContaining({ status: 'IN_FORCE' }));
    expect(before!.statusAsOf).toEqual(new Date('2026-05-31T23:00:00Z'));
    expect(after).toEqual(expect.objectContaining({ status: 'EXPIRED' }));
    // The records are read as the hub held them at that same instant (transaction time).
    expect(reads.map((r) => r.at.toISOString())).toEqual([
      '2026-05-31T23:00:00.000Z',
      '2026-06-01T00:00:00.000Z',
    ]);
  });

  it('should audit the read under an operation that names the instant', async () => {
    audited.length = 0;
    await service.orderByReference(officer, 'REF/1', new Date('2026-03-05T02:14:00Z'));
    expect(audited).toEqual(['protectiveOrder@asKnownAt=2026-03-05T02:14:00.000Z']);
  });

  it('should refuse an instant still to come and one that is not a time', () => {
    expect(() => service.checkInstant(new Date('2026-12-01T00:00:01Z'))).toThrow(AsKnownAtError);
    expect(() => service.checkInstant(new Date('nonsense'))).toThrow(AsKnownAtError);
    expect(() => service.checkInstant(new Date('2026-12-01T00:00:00Z'))).not.toThrow();
  });
});
