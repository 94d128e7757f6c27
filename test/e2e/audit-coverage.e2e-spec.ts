import 'reflect-metadata';
import {
  getNamedType,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLObjectType,
  isLeafType,
  isObjectType,
} from 'graphql';
import { type Hub } from '../../src/app';
import { buildGatewaySchema } from '../../src/api/schema';
import { type PartyData } from '../../src/domain/canonical-events';
import { resolvePersonIdentity } from '../../src/domain/person-identity';
import { caseScenario } from '../factories/case-scenario.factory';
import { uniquePoliceArea, uniqueToken } from '../factories/family-court.factory';
import { expectEventually, graphql, OFFICER, postRecord, startTestHub } from '../utils/test-hub';

/** Types whose values are loaded personal data (not value objects nested inside an already-read record). */
const PERSONAL_TYPES = new Set([
  'Person',
  'PersonMatch',
  'ProtectiveOrder',
  'Case',
  'Bail',
  'Notice',
  'PersonAssertion',
  'Incident',
  'RiskAssessment',
  'TimelineConnection',
  'Deadline',
  'Alert',
  'Consultation',
  'DeadLetter',
  'AlertConnection',
  'DeadlineConnection',
  'ProtectiveOrderConnection',
  'DeadLetterConnection',
  'VictimConsent',
  'VictimNotification',
  'Breach',
  'CourseOfConduct',
]);

const personIdOf = (party: unknown) =>
  resolvePersonIdentity(party as PartyData, { eventId: '', role: '' }).personId;

/** Parts of the parent record itself: audited by the parent's read (which the test checks instead). */
const COVERED_BY_PARENT = new Set(['Case.incidents', 'Case.riskAssessments']);

/**
 * Walks the schema: every root query and every field of Person, Case and ProtectiveOrder that returns
 * personal data is executed by its own caller, and the audit log must hold a record of that caller's read
 * beyond the parent lookup. A new personal-data field without an audit fails here.
 */
const OPERATOR = { ...OFFICER, area: null, roles: ['operator'], purpose: 'operations' as const };
const AUDITOR = { ...OFFICER, area: null, roles: ['auditor'], purpose: 'audit' as const };

describe('every personal-data field is audited (schema walk, real Kafka + PostgreSQL)', () => {
  let hub: Hub;
  const scenario = caseScenario({ policeArea: uniquePoliceArea() });
  /** A person with a consent to be told, so the victim-contact queries return something to audit. */
  let consentPersonId = '';

  beforeAll(async () => {
    hub = await startTestHub();
    for (const record of scenario.records) {
      expect((await postRecord(hub, 'shieldline-events', JSON.stringify(record))).status).toBe(202);
    }
    // One dead letter, so the operators' listing returns something to audit.
    await postRecord(hub, 'shieldline-events', '{"not":"a record"}');
    await expectEventually(async () => {
      const letters = await graphql<{ deadLetters: { edges: unknown[] } }>(
        hub,
        '{ deadLetters { edges { cursor } } }',
        {},
        OPERATOR,
      );
      expect(letters.data?.deadLetters.edges.length).toBeGreaterThan(0);
      const result = await graphql(hub, `{ case(urn: "${scenario.caseUrn}") { stage } }`);
      expect(result.data).toEqual({ case: { stage: 'SENTENCED' } });
      const order = await graphql(
        hub,
        `{ protectiveOrder(reference: "${scenario.refs.restrainingOrder}") { id } }`,
      );
      expect(order.data?.protectiveOrder).toBeTruthy();
    }, 60_000);
    const found = await graphql<{ searchPeople: { person: { id: string } }[] }>(
      hub,
      `{ searchPeople(pncId: "${scenario.suspectPnc}") { person { id } } }`,
    );
    consentPersonId = found.data!.searchPeople[0]!.person.id;
    const recorded = await graphql(
      hub,
      `
        mutation ($p: ID!) {
          recordVictimConsent(
            input: {
              personId: $p
              channel: SMS
              phoneNumber: "07700 900123"
              topics: [ORDERS]
              doNotLeaveMessages: true
              consentedAt: "2026-11-01T10:00:00Z"
            }
          ) {
            id
          }
        }
      `,
      { p: consentPersonId },
      { ...OFFICER, area: scenario.policeArea, purpose: 'safeguarding' },
    );
    expect(recorded.errors).toBeUndefined();
  }, 120_000);

  afterAll(async () => {
    await hub.stop();
  });

  /** A minimal selection of a type: its first scalar field, or a connection's edges. */
  function selection(type: GraphQLNamedType): string {
    if (isLeafType(type)) return '';
    const object = type as GraphQLObjectType;
    const fields = Object.values(object.getFields());
    if (object.name.endsWith('Connection')) return '{ edges { cursor } }';
    if (object.name === 'PersonMatch') return '{ confidence }';
    const scalar = fields.find((f) => isLeafType(getNamedType(f.type)) && f.args.length === 0);
    return `{ ${scalar!.name} }`;
  }

  const ROOT_ARGS: Record<string, string> = {
    searchPeople: `(pncId: "${scenario.suspectPnc}")`,
    protectiveOrder: `(reference: "${scenario.refs.restrainingOrder}")`,
    case: `(urn: "${scenario.caseUrn}")`,
    alerts: `(policeArea: "${scenario.policeArea}")`,
    deadlines: `(policeArea: "${scenario.policeArea}", withinDays: 3660)`,
    deadLetters: '',
    protectiveOrdersInArea: `(policeArea: "${scenario.policeArea}")`,
    courseOfConduct: `(perpetratorId: "${personIdOf(scenario.suspect)}", victimId: "${personIdOf(scenario.victim)}")`,
  };
  /** Root queries of a person's consents and messages, read by a safeguarding officer of the area. */
  const VICTIM_CONTACT_QUERIES = new Set(['victimConsents', 'victimNotifications']);
  const PARENTS: Record<string, { query: (inner: string) => string; operation: string }> = {
    Person: {
      query: (inner) => `{ searchPeople(pncId: "${scenario.suspectPnc}") { person { ${inner} } } }`,
      operation: 'searchPeople',
    },
    Case: { query: (inner) => `{ case(urn: "${scenario.caseUrn}") { ${inner} } }`, operation: 'case' },
    ProtectiveOrder: {
      query: (inner) => `{ protectiveOrder(reference: "${scenario.refs.restrainingOrder}") { ${inner} } }`,
      operation: 'protectiveOrder',
    },
  };

  async function cases(): Promise<[string, string, string | null][]> {
    const schema = await buildGatewaySchema();
    const personal = (field: GraphQLField<unknown, unknown>) =>
      PERSONAL_TYPES.has(getNamedType(field.type).name);
    const rows: [string, string, string | null][] = [];
    for (const field of Object.values(schema.getQueryType()!.getFields()).filter(personal)) {
      const args = VICTIM_CONTACT_QUERIES.has(field.name)
        ? `(personId: "${consentPersonId}")`
        : ROOT_ARGS[field.name];
      if (args === undefined)
        throw new Error(`no arguments known for root field ${field.name}: add them here`);
      rows.push([
        `Query.${field.name}`,
        `{ ${field.name}${args} ${selection(getNamedType(field.type))} }`,
        null,
      ]);
    }
    for (const [typeName, parent] of Object.entries(PARENTS)) {
      const type = schema.getType(typeName);
      if (!isObjectType(type)) throw new Error(`${typeName} is not an object type`);
      for (const field of Object.values(type.getFields()).filter(personal)) {
        rows.push([
          `${typeName}.${field.name}`,
          parent.query(`${field.name} ${selection(getNamedType(field.type))}`),
          parent.operation,
        ]);
      }
    }
    return rows;
  }

  it('should audit each personal-data field for the caller who read it', async () => {
    const all = await cases();
    expect(all.length).toBeGreaterThan(15);
    const unaudited: string[] = [];
    for (const [path, query, parentOperation] of all) {
      // Each field is read by a caller entitled to it (the entitlement table): dead letters by an operator,
      // consultations by an auditor, everything else by an officer of the case's area.
      const kind =
        path === 'Query.deadLetters' ? OPERATOR : path === 'Person.consultations' ? AUDITOR : OFFICER;
      const caller = {
        ...kind,
        area: kind === OFFICER ? scenario.policeArea : null,
        sub: `walker-${uniqueToken()}`,
        ...(VICTIM_CONTACT_QUERIES.has(path.slice('Query.'.length))
          ? { purpose: 'safeguarding' as const }
          : {}),
      };
      const result = await graphql(hub, query, {}, caller);
      expect({ path, errors: result.errors ?? [] }).toEqual({ path, errors: [] });
      const audited = await hub.dataSource.query<{ operation: string }[]>(
        `SELECT operation FROM audit_record WHERE actor = $1`,
        [caller.sub],
      );
      // Nothing returned, nothing read: only fields that returned personal data must have been audited.
      const fieldData = valueAt(result.data, path);
      const items = (fieldData as { edges?: unknown[] } | null)?.edges ?? fieldData;
      if (items == null || (Array.isArray(items) && items.length === 0)) continue;
      const own = COVERED_BY_PARENT.has(path)
        ? audited
        : audited.filter((a) => a.operation !== parentOperation);
      if (own.length === 0) unaudited.push(path);
    }
    expect(unaudited).toEqual([]);
  });
});

/** The value of the walked field in a response: Query.x → data.x; Person.x → data.searchPeople[0].person.x. */
function valueAt(data: Record<string, unknown> | undefined, path: string): unknown {
  const [typeName, field] = path.split('.') as [string, string];
  const root = data ?? {};
  if (typeName === 'Query') return root[field];
  const parent =
    typeName === 'Person'
      ? (root.searchPeople as { person: Record<string, unknown> }[] | undefined)?.[0]?.person
      : typeName === 'Case'
        ? (root.case as Record<string, unknown> | undefined)
        : (root.protectiveOrder as Record<string, unknown> | undefined);
  return parent?.[field];
}
