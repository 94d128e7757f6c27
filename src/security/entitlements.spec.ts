import { decide, decideAreaListing, decideGrant, decideReach, type RecordLabels } from './access-policy';
import { type Actor } from './actor';
import {
  AGENCIES,
  CAPABILITIES,
  DATA_CLASSES,
  ENTITLEMENTS,
  grantsOf,
  PURPOSES,
  ROLES,
} from './entitlements';

const CASE_DATA = ['IDENTITY', 'VICTIM_IDENTITY', 'ORDERS', 'BAIL', 'NOTICES', 'CASE', 'RISK', 'INCIDENTS'];
const POLICE = [...CASE_DATA, 'ADDRESS', 'ACKNOWLEDGE_ORDERS'];

/**
 * Every (agency, role, purpose) that is granted anything, written out here independently of the table:
 * any other combination of the 6 agencies × 16 roles × 7 purposes must be granted nothing at all.
 */
function expectedGrants(agency: string, role: string, purpose: string): string[] {
  const is = (a: string[], r: string[], p: string[]) =>
    a.includes(agency) && r.includes(role) && p.includes(purpose);
  const notImmigration = ['police', 'cps', 'court', 'idva', 'other'];
  const victimContact = ['VICTIM_CONTACT', 'RECORD_VICTIM_CONSENT'];
  const reviewer = is(['police'], ['supervisor', 'control-room'], ['enforcement', 'safeguarding'])
    ? ['REVIEW_PERSON_LINKS', 'AGGREGATES']
    : [];
  if (is(['police'], ['officer', 'supervisor', 'control-room', 'custody-sergeant'], ['safeguarding']))
    return [...POLICE, ...victimContact, ...reviewer];
  if (is(['police'], ['officer', 'supervisor', 'control-room', 'custody-sergeant'], ['enforcement']))
    return [...POLICE, ...reviewer];
  if (is(['police'], ['professional-standards', 'ppda-investigator'], ['safeguarding']))
    return [...CASE_DATA, 'ADDRESS', 'PPDA_CASE', ...victimContact];
  if (is(['police'], ['professional-standards', 'ppda-investigator'], ['enforcement']))
    return [...CASE_DATA, 'ADDRESS', 'PPDA_CASE'];
  if (is(['cps'], ['prosecutor'], ['prosecution'])) return CASE_DATA;
  if (is(['idva'], ['idva'], ['safeguarding']))
    return ['IDENTITY', 'VICTIM_IDENTITY', 'ORDERS', 'BAIL', 'NOTICES', 'RISK', 'ADDRESS', ...victimContact];
  if (is(['other'], ['victim-notifier'], ['safeguarding'])) return ['VICTIM_CONTACT'];
  if (is(notImmigration, ['analyst'], ['analysis'])) return ['AGGREGATES'];
  if (is(notImmigration, ['operator'], ['operations'])) return ['DEAD_LETTERS', 'RECONCILIATION'];
  if (is(notImmigration, ['security-admin'], ['operations'])) return ['REVOKE_TOKENS', 'FORCE_SETTINGS'];
  if (is(['police'], ['force-admin'], ['operations'])) return ['FORCE_SETTINGS'];
  if (is(['police', 'cps', 'other'], ['auditor'], ['audit']))
    return ['AUDIT_TRAIL', 'IDENTITY', 'VICTIM_IDENTITY'];
  if (is(['court', 'police', 'cps'], ['publisher'], ['publication'])) return ['PUBLISH_RECORDS'];
  return [];
}

const actor = (overrides: Partial<Actor>): Actor => ({
  subject: 's',
  agency: 'police',
  purpose: 'enforcement',
  purposes: ['enforcement'],
  roles: ['officer'],
  area: 'WYP',
  tokenId: null,
  expiresAt: Number.MAX_SAFE_INTEGER,
  ...overrides,
});

const labels = (overrides: Partial<RecordLabels> = {}): RecordLabels => ({
  dataClass: 'ORDERS',
  policeArea: 'WYP',
  restrictedTo: null,
  confidentialAddress: true,
  ...overrides,
});

describe('entitlements: agency × role × purpose × data class (deny by default)', () => {
  const cells = AGENCIES.flatMap((agency) =>
    ROLES.flatMap((role) => PURPOSES.map((purpose) => [agency, role, purpose] as const)),
  );

  it.each(cells)('%s %s for %s gets exactly its row', (agency, role, purpose) => {
    const grants = grantsOf({ agency, roles: [role], purpose });
    const granted = [...DATA_CLASSES, ...CAPABILITIES].filter((g) => grants.has(g));
    expect(granted.sort()).toEqual([...expectedGrants(agency, role, purpose)].sort());
  });

  it('should give nothing to a token without roles, or with roles Shieldline does not know', () => {
    for (const agency of AGENCIES)
      for (const purpose of PURPOSES) {
        expect(grantsOf({ agency, roles: [], purpose }).size).toBe(0);
        expect(grantsOf({ agency, roles: ['admin', 'root', '*'], purpose }).size).toBe(0);
      }
  });

  it('should keep immigration enforcement outside every row, whatever roles it claims (DAC:1521)', () => {
    expect(grantsOf({ agency: 'immigration', roles: [...ROLES], purpose: 'enforcement' }).size).toBe(0);
    const everything = ENTITLEMENTS.map((row) => ({ ...row, agencies: [...AGENCIES] }));
    expect(
      grantsOf({ agency: 'immigration', roles: [...ROLES], purpose: 'enforcement' }, everything).size,
    ).toBe(0);
  });

  it('should grant victim identity wherever orders are granted (protected parties are always shown in full)', () => {
    for (const row of ENTITLEMENTS)
      for (const agency of row.agencies)
        for (const role of row.roles)
          for (const purpose of row.purposes) {
            const grants = grantsOf({ agency, roles: [role], purpose });
            if (grants.has('ORDERS')) expect(grants.has('VICTIM_IDENTITY')).toBe(true);
          }
  });

  it('should give every row a reason', () => {
    for (const row of ENTITLEMENTS) expect(row.reason.length).toBeGreaterThan(20);
  });
});

describe('one decision per record, from its labels', () => {
  it('should refuse every record to immigration enforcement, and everything but counts to analysts', () => {
    expect(decide(actor({ agency: 'immigration', roles: ['officer'] }), labels())).toEqual({
      allowed: false,
      rule: 'IMMIGRATION_FIREWALL',
    });
    const analyst = actor({ roles: ['analyst'], purpose: 'analysis' });
    for (const dataClass of DATA_CLASSES.filter((c) => c !== 'AGGREGATES'))
      expect(decide(analyst, labels({ dataClass }))).toEqual({ allowed: false, rule: 'NOT_ENTITLED' });
  });

  it('should refuse a PPDA record to the accused force (however its area is written) but not to named roles, other forces or CPS', () => {
    const ppda = labels({ restrictedTo: 'WYP' });
    expect(decide(actor({ area: 'WYP' }), ppda)).toEqual({ allowed: false, rule: 'PPDA_RESTRICTED' });
    expect(decide(actor({ roles: ['professional-standards'] }), ppda)).toMatchObject({ allowed: true });
    expect(decide(actor({ roles: ['officer', 'ppda-investigator'] }), ppda)).toMatchObject({ allowed: true });
    expect(decide(actor({ area: 'NYP' }), ppda)).toMatchObject({ allowed: true });
    const cpsWyp = actor({ agency: 'cps', area: 'WYP', roles: ['prosecutor'], purpose: 'prosecution' });
    expect(decide(cpsWyp, ppda)).toMatchObject({ allowed: true });
    expect(decide(actor({ area: null }), ppda)).toEqual({ allowed: false, rule: 'NO_AREA' });
  });

  it('should give a police token without an area nothing, and an IDVA only its own area', () => {
    expect(decide(actor({ area: null }), labels())).toEqual({ allowed: false, rule: 'NO_AREA' });
    const idva = actor({ agency: 'idva', roles: ['idva'], purpose: 'safeguarding', area: 'WYP' });
    expect(decide(idva, labels())).toMatchObject({ allowed: true, address: 'ALL' });
    expect(decide(idva, labels({ policeArea: 'NYP' }))).toEqual({ allowed: false, rule: 'OUTSIDE_AREA' });
    expect(decide(idva, labels({ policeArea: null }))).toEqual({ allowed: false, rule: 'OUTSIDE_AREA' });
    expect(decide(idva, labels({ dataClass: 'CASE' }))).toEqual({ allowed: false, rule: 'NOT_ENTITLED' });
  });

  it('should release addresses in full only within the record’s own area, never to CPS', () => {
    expect(decide(actor({}), labels())).toEqual({ allowed: true, address: 'ALL' });
    expect(decide(actor({ area: 'NYP' }), labels())).toEqual({ allowed: true, address: 'NON_CONFIDENTIAL' });
    expect(decide(actor({}), labels({ policeArea: null }))).toEqual({
      allowed: true,
      address: 'NON_CONFIDENTIAL',
    });
    const cps = actor({ agency: 'cps', roles: ['prosecutor'], purpose: 'prosecution', area: 'WYP' });
    expect(decide(cps, labels())).toEqual({ allowed: true, address: 'NONE' });
  });

  it('should let a caller list only its own area, compared case-insensitively and agency-aware', () => {
    expect(decideAreaListing(actor({}), 'CASE', 'wyp')).toBeNull();
    expect(decideAreaListing(actor({}), 'CASE', 'NYP')).toBe('OUTSIDE_AREA');
    const cps = actor({ agency: 'cps', roles: ['prosecutor'], purpose: 'prosecution', area: 'WYP' });
    expect(decideAreaListing(cps, 'CASE', 'WYP')).toBe('NO_AREA');
  });

  it('should gate capabilities by the table too', () => {
    expect(decideGrant(actor({}), 'PUBLISH_RECORDS')).toBe('NOT_ENTITLED');
    const court = actor({ agency: 'court', roles: ['publisher'], purpose: 'publication', area: null });
    expect(decideGrant(court, 'PUBLISH_RECORDS')).toBeNull();
    expect(decideGrant(court, 'IDENTITY')).toBe('NOT_ENTITLED');
    expect(
      decideGrant(
        actor({ agency: 'immigration', roles: ['operator'], purpose: 'operations' }),
        'DEAD_LETTERS',
      ),
    ).toBe('IMMIGRATION_FIREWALL');
    expect(decideGrant(actor({ roles: ['operator'], purpose: 'analysis' }), 'DEAD_LETTERS')).toBe(
      'NOT_ENTITLED',
    );
  });

  it('should give a control room the counts of its own area only, and an analyst those of every area', () => {
    const controlRoom = actor({ roles: ['control-room'], purpose: 'safeguarding', area: 'WYP' });
    expect(decideReach(controlRoom, 'AGGREGATES', 'wyp')).toBeNull();
    expect(decideReach(controlRoom, 'AGGREGATES', 'NYP')).toBe('OUTSIDE_AREA');
    // Never the national figures: they would be every force's.
    expect(decideReach(controlRoom, 'AGGREGATES', null)).toBe('OUTSIDE_AREA');
    const analyst = actor({ roles: ['analyst'], purpose: 'analysis', area: null });
    expect(decideReach(analyst, 'AGGREGATES', null)).toBeNull();
    expect(decideReach(analyst, 'AGGREGATES', 'NYP')).toBeNull();
    expect(decideReach(actor({}), 'AGGREGATES', 'WYP')).toBe('NOT_ENTITLED');
  });
});
