import { type Hub } from '../../src/app';
import { type ShieldlineClaims } from '../../src/security/identity';
import { caseScenario } from '../factories/case-scenario.factory';
import { uniquePoliceArea } from '../factories/family-court.factory';
import { expectEventually, graphql, postRecord, startTestHub } from '../utils/test-hub';

/**
 * The access policy as a role × purpose × field matrix over real data (requirements.md §6): every cell
 * says whether that caller gets the field, and the test fails on any leak or any wrongful refusal.
 */
describe('access policy matrix (real Kafka + PostgreSQL)', () => {
  let hub: Hub;
  const area = uniquePoliceArea();
  const accusedForce = uniquePoliceArea();
  const main = caseScenario({ policeArea: area });
  const ppda = caseScenario({ policeArea: accusedForce });
  ppda.records[0]!.data.policePerpetrated = { accusedForce };

  const who = (claims: Partial<ShieldlineClaims>): ShieldlineClaims => ({
    sub: 'x',
    agency: 'police',
    area,
    roles: ['officer'],
    purpose: 'enforcement',
    ...claims,
  });
  const callers = {
    'officer, same area, enforcement': who({}),
    'officer, other area, enforcement': who({ area: 'ZZZ' }),
    'IDVA, same area, safeguarding': who({ agency: 'idva', purpose: 'safeguarding' }),
    'CPS lawyer, prosecution': who({ agency: 'cps', area: null, purpose: 'prosecution' }),
    'analyst, analysis': who({ purpose: 'analysis' }),
    'immigration enforcement': who({ agency: 'immigration', area: null }),
    "officer in the accused officer's force": who({ area: accusedForce }),
    "professional standards in the accused officer's force": who({
      area: accusedForce,
      roles: ['professional-standards'],
    }),
  } as const;
  type Caller = keyof typeof callers;

  const fields = {
    'person identity': {
      query: `query ($pnc: String!) { searchPeople(pncId: $pnc) { person { familyName } } }`,
      vars: () => ({ pnc: main.suspectPnc }),
      got: ['searchPeople', 0, 'person', 'familyName'],
    },
    'protected person name': {
      query: `query ($ref: String!) { protectiveOrder(reference: $ref) { protectedPersons { familyName } } }`,
      vars: () => ({ ref: main.refs.restrainingOrder }),
      got: ['protectiveOrder', 'protectedPersons', 0, 'familyName'],
    },
    'protected refuge address': {
      query: `query ($ref: String!) { protectiveOrder(reference: $ref) { protectedPersons { address { postcode } } } }`,
      vars: () => ({ ref: main.refs.restrainingOrder }),
      got: ['protectiveOrder', 'protectedPersons', 0, 'address', 'postcode'],
    },
    'suspect address (postcode)': {
      query: `query ($pnc: String!) { searchPeople(pncId: $pnc) { person { assertions { postcode } } } }`,
      vars: () => ({ pnc: main.suspectPnc }),
      got: ['searchPeople', 0, 'person', 'assertions', 0, 'postcode'],
    },
    'case detail': {
      query: `query ($urn: String!) { case(urn: $urn) { stage } }`,
      vars: () => ({ urn: main.caseUrn }),
      got: ['case', 'stage'],
    },
    'alerts in the area': {
      query: `query ($area: String!) { alerts(policeArea: $area) { edges { node { kind } } } }`,
      vars: () => ({ area }),
      got: ['alerts', 'edges', 0, 'node', 'kind'],
    },
    "orders at the victim's postcode": {
      query: `query ($area: String!) {
        protectiveOrdersInArea(policeArea: $area, postcode: "ls1 1aa") { edges { node { reference } } } }`,
      vars: () => ({ area }),
      got: ['protectiveOrdersInArea', 'edges', 0, 'node', 'reference'],
    },
    'police-perpetrated case': {
      query: `query ($urn: String!) { case(urn: $urn) { stage } }`,
      vars: () => ({ urn: ppda.caseUrn }),
      got: ['case', 'stage'],
    },
  } as const;
  type Field = keyof typeof fields;

  // true = the caller gets the field; false = FORBIDDEN.
  const expected: Record<Caller, Record<Field, boolean>> = {
    'officer, same area, enforcement': row(true, true, true, true, true, true, true, true),
    'officer, other area, enforcement': row(true, true, false, true, true, true, false, true),
    'IDVA, same area, safeguarding': row(true, true, true, true, true, true, true, true),
    'CPS lawyer, prosecution': row(true, true, false, false, true, true, false, true),
    'analyst, analysis': row(false, false, false, false, false, false, false, false),
    'immigration enforcement': row(false, false, false, false, false, false, false, false),
    "officer in the accused officer's force": row(true, true, false, true, true, true, false, false),
    "professional standards in the accused officer's force": row(
      true,
      true,
      false,
      true,
      true,
      true,
      false,
      true,
    ),
  };
  function row(...cells: boolean[]): Record<Field, boolean> {
    return Object.fromEntries(Object.keys(fields).map((f, i) => [f, cells[i]!])) as Record<Field, boolean>;
  }

  beforeAll(async () => {
    hub = await startTestHub();
    for (const record of [...main.records, ...ppda.records]) {
      expect((await postRecord(hub, 'shieldline-events', JSON.stringify(record))).status).toBe(202);
    }
    await expectEventually(async () => {
      const result = await graphql(
        hub,
        fields['police-perpetrated case'].query,
        fields['police-perpetrated case'].vars(),
        callers["professional standards in the accused officer's force"],
      );
      expect(pick(result.data, ['case', 'stage'])).toBe('SENTENCED');
      const ro = await graphql(
        hub,
        fields['protected person name'].query,
        fields['protected person name'].vars(),
      );
      expect(pick(ro.data, fields['protected person name'].got)).toBeDefined();
      const alerts = await graphql(
        hub,
        fields['alerts in the area'].query,
        fields['alerts in the area'].vars(),
      );
      expect(pick(alerts.data, fields['alerts in the area'].got)).toBeDefined();
    }, 60_000);
  }, 120_000);

  afterAll(async () => {
    await hub.stop();
  });

  const cells = (Object.keys(callers) as Caller[]).flatMap((caller) =>
    (Object.keys(fields) as Field[]).map((field) => [caller, field, expected[caller][field]] as const),
  );

  it.each(cells)('%s → %s: %s', async (caller, field, allowed) => {
    const spec = fields[field];
    const result = await graphql(hub, spec.query, spec.vars(), callers[caller]);
    const value = pick(result.data, spec.got);
    if (allowed) {
      expect(result.errors).toBeUndefined();
      expect(value).toEqual(expect.anything());
    } else {
      expect(value ?? null).toBeNull();
      expect(result.errors?.map((e) => e.extensions?.code)).toContain('FORBIDDEN');
    }
  });
});

/** Walks a GraphQL response along a path; undefined when any step is missing or null. */
function pick(data: unknown, path: readonly (string | number)[]): unknown {
  let at: unknown = data;
  for (const step of path) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<string | number, unknown>)[step];
  }
  return at ?? undefined;
}
