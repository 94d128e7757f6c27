import { type ConsentRecord, type NewConsent } from './victim-records';
import { labelled } from '../persistence/repositories/labels';
import { AccessDenied, AccessStep, type AuditPort } from '../security/access-step';
import { type Actor } from '../security/actor';
import { type ConsentInput, VictimContactService, type VictimContactPort } from './victim-contact.service';

const PERSON = '8f0c7c57-34a5-4f0e-9a55-5d3c1b7a2e11';

/** The repository's port, in memory; `restrictedTo` plays a person party to a PPDA case of that force. */
function fakePort(restrictedTo: string | null = null) {
  const consents: ConsentRecord[] = [];
  const port: VictimContactPort = {
    personLabels: (id) => Promise.resolve({ known: id === PERSON, restrictedTo }),
    recordConsent: (c: NewConsent) => {
      const record: ConsentRecord = {
        ...c,
        recordedAt: new Date(),
        withdrawnAt: null,
        withdrawnBy: null,
        withdrawalReason: null,
        access: labelled(
          `victim-consent:${c.consentId}`,
          'VICTIM_CONTACT',
          { police_area: c.policeArea, restricted_to: restrictedTo },
          true,
          [c.personId],
        ),
      };
      consents.push(record);
      return Promise.resolve(record);
    },
    withdrawConsent: () => Promise.resolve(null),
    cancelPendingOf: () => Promise.resolve(0),
    consents: () => Promise.resolve(consents),
    notificationsOf: () => Promise.resolve([]),
    setContactNumber: () => Promise.resolve(),
    contactNumber: () => Promise.resolve(null),
  };
  return { port, consents };
}

function audited() {
  const rows: { actor: string; operation: string; ids: readonly string[] }[] = [];
  const audit: AuditPort = {
    recordRead: (actor, operation, ids) => {
      rows.push({ actor: actor.subject, operation, ids });
      return Promise.resolve();
    },
  };
  return { audit, rows };
}

const actor = (overrides: Partial<Actor> = {}): Actor => ({
  subject: 'pc-1',
  agency: 'police',
  purpose: 'safeguarding',
  purposes: ['safeguarding'],
  roles: ['officer'],
  area: 'WYP',
  tokenId: null,
  expiresAt: Number.MAX_SAFE_INTEGER,
  ...overrides,
});

const input = (overrides: Partial<ConsentInput> = {}): ConsentInput => ({
  personId: PERSON,
  channel: 'SMS',
  phoneNumber: '07700 900123',
  emailAddress: null,
  postalAddress: null,
  topics: ['ORDERS', 'BAIL'],
  detail: 'SUMMARY',
  doNotLeaveMessages: false,
  quietHours: [{ from: '21:00', to: '08:00' }],
  consentedAt: new Date('2026-12-01T10:00:00Z'),
  ...overrides,
});

const NOW = () => new Date('2026-12-02T10:00:00Z');

describe('victim consent', () => {
  it('should record a consent in the caller’s own area, by whom, audited', async () => {
    const { port } = fakePort();
    const { audit, rows } = audited();
    const service = new VictimContactService(port, new AccessStep(audit), NOW);
    const consent = await service.recordConsent(actor(), input());
    expect(consent).toMatchObject({
      policeArea: 'WYP',
      recordedBy: 'pc-1',
      contact: { phoneNumber: '07700 900123' },
    });
    expect(rows).toEqual([
      {
        actor: 'pc-1',
        operation: 'recordVictimConsent',
        ids: [`victim-consent:${consent.consentId}`, `person:${PERSON}`],
      },
    ]);
  });

  it('should refuse callers not entitled, at the door and for enforcement', async () => {
    const { port, consents } = fakePort();
    const { audit, rows } = audited();
    const service = new VictimContactService(port, new AccessStep(audit), NOW);
    await expect(
      service.recordConsent(actor({ purpose: 'enforcement', purposes: ['enforcement'] }), input()),
    ).rejects.toBeInstanceOf(AccessDenied);
    await expect(
      service.recordConsent(actor({ agency: 'cps', roles: ['prosecutor'], purpose: 'prosecution' }), input()),
    ).rejects.toBeInstanceOf(AccessDenied);
    expect(consents).toEqual([]);
    expect(rows.map((r) => r.operation)).toEqual([
      'refused:recordVictimConsent',
      'refused:recordVictimConsent',
    ]);
  });

  it('should keep a PPDA victim’s safe contact from the accused force, except its named roles and IDVAs', async () => {
    const { port, consents } = fakePort('WYP');
    const service = new VictimContactService(port, new AccessStep(audited().audit), NOW);
    await expect(service.recordConsent(actor(), input())).rejects.toMatchObject({ rule: 'PPDA_RESTRICTED' });
    expect(consents).toEqual([]);
    await service.recordConsent(actor({ subject: 'psd-1', roles: ['professional-standards'] }), input());
    await service.recordConsent(actor({ subject: 'idva-1', agency: 'idva', roles: ['idva'] }), input());
    expect(await service.consentsOf(actor(), PERSON)).toEqual([]);
    expect(await service.consentsOf(actor({ roles: ['ppda-investigator'] }), PERSON)).toHaveLength(2);
  });

  it('should answer every problem with a consent at once', async () => {
    const service = new VictimContactService(fakePort().port, new AccessStep(audited().audit), NOW);
    await expect(
      service.recordConsent(
        actor(),
        input({
          channel: 'LETTER',
          postalAddress: { lines: ['1 Safe Street'], postcode: 'NOPE' },
          topics: [],
          quietHours: [{ from: '25:00', to: '08:00' }],
        }),
      ),
    ).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      message:
        'a consent by LETTER takes only its own contact, not the SMS one given; postalAddress needs 2 to 6 lines; ' +
        'postalAddress.postcode is not a UK postcode; topics: choose at least one of ORDERS, BAIL, CUSTODY, HEARINGS, NOTICES; ' +
        'quietHours[0]: times are HH:MM, 24-hour',
    });
    await expect(
      service.recordConsent(actor(), input({ personId: '00000000-0000-4000-8000-000000000000' })),
    ).rejects.toMatchObject({
      message: 'no person with this id is known to the hub',
    });
  });
});
