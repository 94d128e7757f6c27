import { AccessDenied } from '../../src/security/access-step';
import { type Actor } from '../../src/security/actor';
import { type Role } from '../../src/security/entitlements';
import { OfficerLookupService } from '../../src/domain/officer-lookup.service';
import { type OrderRecord, type PersonRecord } from '../../src/domain/read-records';
import { InMemoryOfficerReads, RecordingAudit } from '../fakes/in-memory-officer-reads';

/*
 * The officer lookup service against fakes of its ports: deny by default, each record decided from its
 * own labels, every read and every refusal audited, status computed for the instant asked.
 */

const NOW = new Date('2026-06-01T12:00:00Z');

function actor(overrides: Partial<Actor> & { roles?: readonly Role[] } = {}): Actor {
  return {
    subject: 'pc-1',
    agency: 'police',
    purpose: 'enforcement',
    purposes: ['enforcement'],
    roles: ['officer'],
    area: 'WYP',
    tokenId: null,
    expiresAt: Number.MAX_SAFE_INTEGER,
    ...overrides,
  };
}

const respondent: PersonRecord = {
  access: {
    id: 'person:p1',
    labels: { dataClass: 'IDENTITY', policeArea: null, restrictedTo: null, confidentialAddress: false },
    personIds: ['p1'],
  },
  personId: 'p1',
  givenName: 'Sean',
  familyName: 'McDonald',
  dateOfBirth: '1990-04-02',
  pncId: '2001/0000001A',
  croNumber: null,
};

function order(
  ref: string,
  overrides: Partial<OrderRecord> = {},
  restrictedTo: string | null = null,
): OrderRecord {
  return {
    access: {
      id: `order:${ref}`,
      labels: { dataClass: 'ORDERS', policeArea: 'WYP', restrictedTo, confidentialAddress: true },
      personIds: ['p1', 'v1'],
    },
    orderId: `id-${ref}`,
    orderRef: ref,
    orderType: 'NON_MOLESTATION',
    sourceOrderCode: 'FL404A',
    courtCode: 'LS',
    courtName: 'Leeds Family Court',
    caseNumber: 'LS26F00001',
    policeArea: 'WYP',
    respondentId: 'p1',
    protectedParties: [],
    conditions: [{ paragraph: '1', text: 'must not contact the applicant', code: null }],
    powerOfArrest: true,
    withoutNotice: false,
    respondentPresent: null,
    madeAt: new Date('2026-05-01T10:00:00Z'),
    effectiveFrom: new Date('2026-05-01T10:00:00Z'),
    expiresAt: new Date('2027-05-01T10:00:00Z'),
    served: true,
    servedAt: new Date('2026-05-02T10:00:00Z'),
    serviceMethod: 'PERSONAL',
    sourceSystem: 'family-court',
    grantedEventId: `granted-${ref}`,
    servedEventId: `served-${ref}`,
    assertedAt: null,
    receivedAt: new Date('2026-05-01T10:00:05Z'),
    caseUrn: null,
    exclusionZones: [],
    ended: null,
    endedAt: null,
    endedReason: null,
    versions: [],
    breachRefs: [],
    conflicts: [],
    protectedIds: ['v1'],
    ...overrides,
  };
}

function setUp(orders: OrderRecord[]) {
  const audit = new RecordingAudit();
  const service = new OfficerLookupService(new InMemoryOfficerReads([respondent], orders), audit, () => NOW);
  return { audit, service };
}

describe('OfficerLookupService (against fakes of its ports)', () => {
  it('refuses a search by a caller with no entitlement, and audits the refusal', async () => {
    const { audit, service } = setUp([]);
    const nobody = actor({ agency: 'other', roles: [], purpose: 'analysis', purposes: ['analysis'] });
    await expect(service.searchPeople(nobody, { pncId: respondent.pncId })).rejects.toBeInstanceOf(
      AccessDenied,
    );
    expect(audit.entries).toEqual([
      expect.objectContaining({
        operation: 'refused:searchPeople',
        recordIds: [expect.stringMatching(/^rule:/)],
      }),
    ]);
  });

  it('finds by PNC id as a confident match and audits the person read', async () => {
    const { audit, service } = setUp([]);
    const [match] = await service.searchPeople(actor(), { pncId: respondent.pncId });
    expect(match).toMatchObject({ matchedOn: 'PNC_ID', confident: true, person: { personId: 'p1' } });
    expect(audit.entries).toContainEqual(
      expect.objectContaining({ operation: 'searchPeople', recordIds: ['person:p1'] }),
    );
  });

  it('scores a search by name: MacDonald for McDonald is linked, with the fields that agree', async () => {
    const variant: PersonRecord = {
      ...respondent,
      access: { ...respondent.access, id: 'person:p2', personIds: ['p2'] },
      personId: 'p2',
      familyName: 'MacDonald',
      pncId: null,
    };
    const reads = new InMemoryOfficerReads([respondent, variant], []);
    const service = new OfficerLookupService(reads, new RecordingAudit(), () => NOW);
    const search = { familyName: 'McDonald', givenName: 'Sean', dateOfBirth: '1990-04-02' };
    const matches = await service.searchPeople(actor(), search);
    expect(matches.map((m) => [m.person.personId, m.confident])).toEqual([
      ['p1', true],
      ['p2', true],
    ]);
    expect(matches[1]!.comparisons.find((c) => c.field === 'SURNAME')?.level).toBe('VARIANT');
    // A reviewer's decision merges them, today; a past instant shows them as they were, unmerged.
    reads.linkDecisions.push({
      decisionId: 'd1',
      personA: 'p1',
      personB: 'p2',
      decision: 'SAME_PERSON',
      reason: 'checked',
      decidedBy: 'sgt-1',
      policeArea: 'WYP',
      decidedAt: NOW,
    });
    const merged = await service.searchPeople(actor(), search);
    expect(merged.map((m) => [m.person.personId, m.mergedPersonIds])).toEqual([['p1', ['p2']]]);
    const past = await service.searchPeople(actor(), { ...search, asKnownAt: NOW });
    expect(past.map((m) => m.person.personId)).toEqual(['p1', 'p2']);
  });

  it('asks for a PNC id, or a family name with a date of birth, rather than guessing', async () => {
    const { service } = setUp([]);
    await expect(service.searchPeople(actor(), { familyName: 'McDonald' })).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
    });
  });

  it('returns live orders with their status for the instant, and leaves ended ones out unless asked', async () => {
    const { service } = setUp([
      order('LIVE'),
      order('LAPSED', { expiresAt: new Date('2026-05-31T00:00:00Z') }),
    ]);
    const live = (await service.ordersAgainst(actor(), ['p1'], false)).get('p1')!;
    expect(live.map((o) => [o.orderRef, o.status])).toEqual([['LIVE', 'IN_FORCE']]);
    const all = (await service.ordersAgainst(actor(), ['p1'], true)).get('p1')!;
    expect(all.map((o) => [o.orderRef, o.status]).sort()).toEqual([
      ['LAPSED', 'EXPIRED'],
      ['LIVE', 'IN_FORCE'],
    ]);
  });

  it("withholds a police-perpetrated abuse order from the accused officer's force and audits the refusal", async () => {
    const { audit, service } = setUp([order('OPEN'), order('PPDA', {}, 'WYP')]);
    const seen = (await service.ordersAgainst(actor(), ['p1'], false)).get('p1')!;
    expect(seen.map((o) => o.orderRef)).toEqual(['OPEN']);
    const refusal = audit.entries.find((e) => e.operation === 'refused:protectiveOrders');
    expect(refusal?.recordIds).toEqual(expect.arrayContaining(['order:PPDA', 'rule:PPDA_RESTRICTED']));
    // The same order is read by professional standards in that force, and by another force's officer.
    const standards = actor({
      subject: 'ps-1',
      roles: ['professional-standards'],
      purpose: 'safeguarding',
      purposes: ['safeguarding'],
    });
    const other = actor({ subject: 'pc-2', area: 'NYP' });
    for (const reader of [standards, other]) {
      const got = (await service.ordersAgainst(reader, ['p1'], false)).get('p1')!;
      expect(got.map((o) => o.orderRef).sort()).toEqual(['OPEN', 'PPDA']);
    }
  });

  it('answers an unknown order reference with null, never with another order', async () => {
    const { service } = setUp([order('KNOWN')]);
    await expect(service.orderByReference(actor(), 'UNKNOWN')).resolves.toBeNull();
    await expect(service.orderByReference(actor(), 'KNOWN')).resolves.toMatchObject({ orderRef: 'KNOWN' });
  });
});
