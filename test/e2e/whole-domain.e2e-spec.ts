import { type Hub } from '../../src/app';
import { dateOfBirthVariants, sameOrSwappedDates } from '../../src/domain/linkage/comparisons';
import { CaseReadRepository } from '../../src/persistence/repositories/case-read.repository';
import { OfficerReadRepository } from '../../src/persistence/repositories/officer-read.repository';
import { type EventName } from '../../src/domain/canonical-events';
import { EVENT_CATALOGUE } from '../../src/domain/catalogue';
import { caseScenario } from '../factories/case-scenario.factory';
import { uniquePoliceArea } from '../factories/family-court.factory';
import {
  expectEventually,
  graphqlFor,
  officerOf,
  openSubscriptions,
  postRecord,
  startTestHub,
  subscriptionClient,
} from '../utils/test-hub';

interface Entry {
  eventType: string;
  agency: string;
  occurredAt: string | null;
  summary: string;
}
type Timeline = { edges: { node: Entry }[] };

const CASE_QUERY = `query ($urn: String!) {
  case(urn: $urn) {
    urn stage domesticAbuse policeArea timeLimitMarkedOn
    references { kind value agency }
    parties { role personId }
    incidents { crimeReference domesticAbuse offences { code modeOfTrial } }
    riskAssessments { assessmentRef tool level }
    custody { kind at court }
    referrals { bailStatus riskAssessmentRef }
    decisions { decision decidedOn }
    actionPlans { reference dueOn completedOn }
    hearings { reference hearingType outcome results }
    sentences { sentence results }
    maracReferrals { riskLevel meetingOn }
    deadlines { rule dueOn dueAt status verified citation }
    alerts { kind message citation }
    timeline(first: 100) { edges { node { eventType agency occurredAt summary } } }
  }
}`;

const PERSON_QUERY = `query ($pnc: String!) {
  searchPeople(pncId: $pnc) {
    matchedOn confidence confident
    person {
      id familyName
      bail(includeEnded: true) { reference kind status returnOn victimViewsSought breachReferences conditions { text } }
      notices { reference authorisingRank dvpoApplication { court hearingAt } }
      cases { urn }
      incidents { crimeReference }
      breaches { reference breachedKind breachedReference victimId occurredAt reportedBy outcome enforced outcomes { outcome } }
      protectiveOrders(includeEnded: true) {
        reference orderType status powerOfArrest expiresAt breachReferences endedReason
        exclusionZones { description }
        conditions { paragraph }
        versions { version eventType }
        timeline(first: 20) { edges { node { eventType } } }
      }
      possibleMatches { matchedOn confidence confident reason person { dateOfBirth } }
      assertions { source role dateOfBirth }
      timeline(first: 100) { edges { node { eventType } } }
    }
  }
}`;

const CONDUCT_QUERY = `query ($perpetrator: ID!, $victim: ID!) {
  courseOfConduct(perpetratorId: $perpetrator, victimId: $victim) {
    entries { kind at on reference summary riskLevel }
    counts { incidents breaches breachesNotEnforced orders bail notices riskAssessments }
    escalation { breachesOfProtection breachesNotEnforced latestRiskLevel escalating }
  }
}`;

const VICTIM_QUERY = `query ($family: String!, $dob: LocalDate!) {
  searchPeople(familyName: $family, dateOfBirth: $dob) {
    matchedOn person { id riskAssessments { level assessedOn } notices { reference } cases { urn } }
  }
}`;

type Results = {
  case: Record<string, unknown> & { timeline: Timeline };
  suspect: Record<string, unknown> & {
    id: string;
    bail: Record<string, unknown>[];
    protectiveOrders: (Record<string, unknown> & { timeline: Timeline })[];
    timeline: Timeline;
  };
  victim: Record<string, unknown>;
  conduct: {
    entries: { kind: string; at: string | null; on: string | null; reference: string; summary: string }[];
    counts: Record<string, number>;
    escalation: Record<string, unknown>;
  };
  familyOrder: { status: string; endedReason: string | null; timeline: Timeline };
  areaAlerts: { kind: string; subjectRef: string }[];
  areaDeadlines: { rule: string; subjectRef: string; status: string }[];
  streamedAlerts: string[];
  streamedOrderChanges: string[];
};

describe('the whole domain over real Kafka + PostgreSQL: every event type, published → projected → GraphQL', () => {
  let hub: Hub;
  const scenario = caseScenario({ policeArea: uniquePoliceArea() });
  // An officer of the case's own area: area boards and feeds are the caller's own area only.
  const graphql = graphqlFor(officerOf(scenario.policeArea));
  const r = {} as Results;
  const disposers: (() => void)[] = [];

  beforeAll(async () => {
    hub = await startTestHub();
    r.streamedAlerts = [];
    r.streamedOrderChanges = [];
    const client = subscriptionClient(hub, officerOf(scenario.policeArea));
    const subscribe = async (
      query: string,
      onData: (data: Record<string, { kind?: string; changeType?: string }>) => void,
    ) => {
      const open = await openSubscriptions(hub);
      let failure: unknown = null;
      disposers.push(
        client.subscribe(
          { query, variables: { area: scenario.policeArea } },
          {
            next: (m) => onData(m.data as never),
            error: (err) => (failure = err),
            complete: () => undefined,
          },
        ),
      );
      // Open on the hub (graphql-ws sends no "subscribed" acknowledgement), or refused: then say why.
      await expectEventually(async () => {
        if (failure) throw new Error(`subscription refused: ${JSON.stringify(failure)}`);
        expect(await openSubscriptions(hub)).toBeGreaterThanOrEqual(open + 1);
      });
    };
    await subscribe('subscription ($area: String!) { alertRaised(policeArea: $area) { kind } }', (d) =>
      r.streamedAlerts.push(d.alertRaised!.kind!),
    );
    await subscribe('subscription ($area: String!) { orderChanged(policeArea: $area) { changeType } }', (d) =>
      r.streamedOrderChanges.push(d.orderChanged!.changeType!),
    );
    disposers.push(() => void client.dispose());

    const eventIds: string[] = [];
    for (const record of scenario.records) {
      const response = await postRecord(hub, 'shieldline-events', JSON.stringify(record));
      expect(response.status).toBe(202);
      eventIds.push(...(response.body.events as { id: string }[]).map((e) => e.id));
    }
    // Police, CPS and court events travel on three topics; wait until every one is projected.
    await expectEventually(async () => {
      const [row] = await hub.dataSource.query<{ n: number }[]>(
        'SELECT count(*)::int AS n FROM event_store WHERE event_id = ANY($1::uuid[])',
        [eventIds],
      );
      expect(row!.n).toBe(scenario.records.length);
    }, 60_000);
    const caseResult = await graphql<{ case: Results['case'] }>(hub, CASE_QUERY, { urn: scenario.caseUrn });
    expect(caseResult.errors).toBeUndefined();
    r.case = caseResult.data!.case;
    const suspect = await graphql<{ searchPeople: { person: Results['suspect'] }[] }>(hub, PERSON_QUERY, {
      pnc: scenario.suspectPnc,
    });
    expect(suspect.errors).toBeUndefined();
    r.suspect = suspect.data!.searchPeople[0]!.person;
    const familyOrder = await graphql<{ protectiveOrder: Results['familyOrder'] }>(
      hub,
      `
        query ($ref: String!) {
          protectiveOrder(reference: $ref) {
            status
            endedReason
            timeline(first: 10) {
              edges {
                node {
                  eventType
                }
              }
            }
          }
        }
      `,
      { ref: scenario.refs.familyOrder },
    );
    r.familyOrder = familyOrder.data!.protectiveOrder;
    const victimName = scenario.victim.name as { family: string };
    const victim = await graphql<{ searchPeople: { person: Record<string, unknown> }[] }>(hub, VICTIM_QUERY, {
      family: victimName.family,
      dob: scenario.victim.dateOfBirth,
    });
    r.victim = victim.data!.searchPeople[0]!.person;
    const conduct = await graphql<{ courseOfConduct: Results['conduct'] }>(hub, CONDUCT_QUERY, {
      perpetrator: r.suspect.id,
      victim: r.victim.id,
    });
    expect(conduct.errors).toBeUndefined();
    r.conduct = conduct.data!.courseOfConduct;
    type Nodes<T> = { edges: { node: T }[] };
    const area = await graphql<{
      alerts: Nodes<Results['areaAlerts'][number]>;
      deadlines: Nodes<Results['areaDeadlines'][number]>;
    }>(
      hub,
      `
        query ($area: String!) {
          alerts(policeArea: $area, first: 100) {
            edges {
              node {
                kind
                subjectRef
              }
            }
          }
          deadlines(policeArea: $area, withinDays: 3660) {
            edges {
              node {
                rule
                subjectRef
                status
              }
            }
          }
        }
      `,
      { area: scenario.policeArea },
    );
    expect(area.errors).toBeUndefined();
    r.areaAlerts = area.data!.alerts.edges.map((e) => e.node);
    r.areaDeadlines = area.data!.deadlines.edges.map((e) => e.node);
    await expectEventually(() => {
      expect(r.streamedAlerts).toEqual(
        expect.arrayContaining(['RUI_IN_DA_CASE', 'BREACH_OF_ORDER', 'BREACH_OF_BAIL']),
      );
      expect(r.streamedOrderChanges).toEqual(
        expect.arrayContaining(['GRANTED', 'SERVED', 'VARIED', 'EXTENDED', 'REVOKED', 'DISCHARGED']),
      );
    }, 15_000);
  }, 120_000);

  afterAll(async () => {
    for (const dispose of disposers) dispose();
    await hub?.stop();
  });

  const caseTimelineTypes = () => r.case.timeline.edges.map((e) => e.node.eventType);
  const order = (ref: string) => r.suspect.protectiveOrders.find((o) => o.reference === ref)!;
  const bail = (ref: string) => r.suspect.bail.find((b) => b.reference === ref)!;
  const { refs } = scenario;

  /** What each event type must change in the GraphQL view, beyond its timeline entry. */
  const checks: Record<Exclude<EventName, 'personLinkDecided'>, () => void> = {
    orderGranted: () =>
      expect(order(refs.restrainingOrder)).toEqual(
        expect.objectContaining({
          orderType: 'RESTRAINING_ON_CONVICTION',
          exclusionZones: [{ description: 'Harehills Lane, Leeds' }],
        }),
      ),
    orderServed: () => expect(order(refs.restrainingOrder).status).toBe('IN_FORCE'),
    orderVaried: () => {
      expect(order(refs.restrainingOrder).powerOfArrest).toBe(true);
      expect(order(refs.restrainingOrder).conditions).toHaveLength(2);
    },
    orderExtended: () => {
      expect(order(refs.restrainingOrder).expiresAt).toBe('2029-01-10T12:10:00.000Z');
      // The case lists its order's expiry among its clocks.
      expect(r.case.deadlines).toContainEqual(
        expect.objectContaining({ rule: 'ORDER_EXPIRY', dueAt: '2029-01-10T12:10:00.000Z' }),
      );
    },
    orderDischarged: () => {
      expect(r.familyOrder).toEqual(
        expect.objectContaining({ status: 'DISCHARGED', endedReason: 'Superseded by the restraining order' }),
      );
      // The family court order named the respondent without a date of birth: it is a separate person
      // record, offered as a low-confidence candidate rather than merged.
      const candidate = (r.suspect.possibleMatches as { matchedOn: string; confident: boolean }[])[0];
      expect(candidate).toEqual(expect.objectContaining({ matchedOn: 'NAME_ONLY', confident: false }));
    },
    orderRevoked: () =>
      expect(order(refs.dvpo)).toEqual(
        expect.objectContaining({ status: 'REVOKED', endedReason: 'Revoked on appeal' }),
      ),
    courtBailGranted: () => expect(bail(refs.courtBail).kind).toBe('COURT'),
    courtBailVaried: () => expect(bail(refs.courtBail).conditions).toHaveLength(2),
    courtBailRevoked: () => expect(bail(refs.courtBail).status).toBe('REVOKED'),
    remandedInCustody: () =>
      expect(r.case.custody).toContainEqual(
        expect.objectContaining({ kind: 'REMANDED_IN_CUSTODY', court: 'Leeds Magistrates Court' }),
      ),
    hearingListed: () =>
      expect(r.case.references).toContainEqual(
        expect.objectContaining({ kind: 'COURT_CASE_NUMBER', agency: 'court' }),
      ),
    hearingOutcome: () =>
      expect(r.case.hearings).toEqual([
        expect.objectContaining({ outcome: 'ADJOURNED', results: ['4506: Adjourned'] }),
      ]),
    sentencePassed: () => expect(r.case.stage).toBe('SENTENCED'),
    incidentReported: () => {
      expect(r.case.domesticAbuse).toBe(true);
      expect(r.suspect.incidents).toHaveLength(1);
    },
    riskAssessed: () =>
      expect(r.victim.riskAssessments).toEqual([{ level: 'HIGH', assessedOn: '2025-11-01' }]),
    suspectArrested: () =>
      expect(r.case.custody).toContainEqual(expect.objectContaining({ kind: 'ARRESTED' })),
    voluntaryAttendance: () =>
      expect(r.case.custody).toContainEqual(
        expect.objectContaining({ kind: 'VOLUNTARY_ATTENDANCE', at: null }),
      ),
    preChargeBailGranted: () => {
      expect(bail(refs.preChargeBail).kind).toBe('PRE_CHARGE');
      // Every clock of the case is under the case, its bail's included.
      expect(r.case.deadlines).toContainEqual(expect.objectContaining({ rule: 'PRE_CHARGE_BAIL_PERIOD' }));
    },
    preChargeBailVaried: () =>
      expect(bail(refs.preChargeBail)).toEqual(
        expect.objectContaining({ returnOn: '2025-12-14', victimViewsSought: true }),
      ),
    preChargeBailCancelled: () => expect(bail(refs.preChargeBail).status).toBe('CANCELLED'),
    releasedUnderInvestigation: () => {
      expect(r.case.alerts).toContainEqual(
        expect.objectContaining({ kind: 'RUI_IN_DA_CASE', citation: 'DAC:670' }),
      );
      expect(r.streamedAlerts).toContain('RUI_IN_DA_CASE');
    },
    dvpnIssued: () => {
      expect(r.suspect.notices).toEqual([
        expect.objectContaining({ reference: refs.notice, authorisingRank: 'Superintendent' }),
      ]);
      expect(r.case.deadlines).toContainEqual(
        expect.objectContaining({ rule: 'DVPN_48_HOURS_TO_DVPO_HEARING', status: 'MET' }),
      );
    },
    dvpoApplied: () =>
      expect(r.areaDeadlines).not.toContainEqual(
        expect.objectContaining({ rule: 'DVPN_48_HOURS_TO_DVPO_HEARING' }),
      ),
    breachReported: () => {
      expect(order(refs.restrainingOrder).breachReferences).toEqual([`BR-${scenario.token}-2`]);
      expect(bail(refs.courtBail).breachReferences).toEqual([`BR-${scenario.token}-1`]);
      expect(r.areaAlerts.map((a) => a.kind)).toEqual(
        expect.arrayContaining(['BREACH_OF_ORDER', 'BREACH_OF_BAIL']),
      );
      expect(r.streamedAlerts).toEqual(expect.arrayContaining(['BREACH_OF_ORDER', 'BREACH_OF_BAIL']));
      // The second breach by the same person (of another instrument) is not read in isolation (DAC:739).
      expect(r.areaAlerts).toContainEqual({ kind: 'REPEAT_BREACH', subjectRef: `BR-${scenario.token}-2` });
      expect(r.streamedAlerts).toContain('REPEAT_BREACH');
      expect(r.suspect.breaches).toEqual([
        expect.objectContaining({
          reference: `BR-${scenario.token}-1`,
          breachedKind: 'BAIL',
          victimId: null,
          occurredAt: null,
          reportedBy: null,
        }),
        expect.objectContaining({
          reference: `BR-${scenario.token}-2`,
          breachedReference: refs.restrainingOrder,
          victimId: r.victim.id,
          occurredAt: '2026-03-05T19:40:00.000Z',
          reportedBy: 'VICTIM',
          outcome: null,
          enforced: false,
        }),
      ]);
      // The pair's course of conduct: both breaches (the first names no victim but breached bail of their
      // case), with the incident, the orders, bail, notice and risk that surround them.
      expect(r.conduct.entries.filter((e) => e.kind === 'BREACH').map((e) => e.reference)).toEqual([
        `BR-${scenario.token}-1`,
        `BR-${scenario.token}-2`,
      ]);
      expect(r.conduct.counts).toEqual(
        expect.objectContaining({ incidents: 1, breaches: 2, breachesNotEnforced: 1, notices: 1 }),
      );
      expect(r.conduct.counts.orders).toBeGreaterThan(0);
      expect(r.conduct.counts.bail).toBeGreaterThan(0);
      expect(r.conduct.escalation).toEqual(expect.objectContaining({ latestRiskLevel: 'HIGH' }));
      const placed = r.conduct.entries.map((e) => e.at ?? e.on).filter((x): x is string => x !== null);
      expect(placed.map((x) => x.slice(0, 10))).toEqual(placed.map((x) => x.slice(0, 10)).sort());
    },
    breachOutcomeRecorded: () => {
      expect(r.suspect.breaches).toContainEqual(
        expect.objectContaining({
          reference: `BR-${scenario.token}-1`,
          outcome: 'ARRESTED',
          enforced: true,
          outcomes: [{ outcome: 'ARRESTED' }],
        }),
      );
      expect(r.case.timeline.edges.map((e) => e.node.summary)).toContain(
        `Breach BR-${scenario.token}-1: suspect arrested`,
      );
    },
    referredToCps: () =>
      expect(r.case.referrals).toEqual([
        { bailStatus: 'PRE_CHARGE_BAIL_WITH_CONDITIONS', riskAssessmentRef: refs.riskAssessment },
      ]),
    maracReferral: () =>
      expect(r.case.maracReferrals).toEqual([{ riskLevel: 'HIGH', meetingOn: '2025-11-11' }]),
    dvdsDisclosure: () =>
      expect(r.suspect.timeline.edges.map((e) => e.node.eventType)).toContain(
        'uk.shieldline.police.dvds.disclosed.v1',
      ),
    cpsReferralReceived: () => {
      expect(r.case.references).toContainEqual(
        expect.objectContaining({ kind: 'CPS_CASE_ID', agency: 'cps' }),
      );
      expect(r.case.deadlines).toContainEqual(
        expect.objectContaining({
          rule: 'JJP_CHARGING_DECISION_10_WORKING_DAYS',
          dueOn: '2025-11-26',
          status: 'MET',
        }),
      );
    },
    chargingDecision: () =>
      expect(r.case.decisions).toEqual([{ decision: 'CHARGE', decidedOn: '2025-11-20' }]),
    actionPlanIssued: () => expect((r.case.actionPlans as { dueOn: string }[])[0]!.dueOn).toBe('2025-11-20'),
    actionPlanCompleted: () =>
      expect((r.case.actionPlans as { completedOn: string }[])[0]!.completedOn).toBe('2025-11-19'),
    timeLimitMarked: () => {
      expect(r.case.timeLimitMarkedOn).toBe('2026-05-01');
      expect(r.case.deadlines).toContainEqual(
        expect.objectContaining({ rule: 'STL_EIGHT_WEEK_MARKING', status: 'MET' }),
      );
      // Marked 2026-05-01; six months from the statement of 2025-11-02 give 2026-05-02.
      expect(r.areaAlerts).toContainEqual({ kind: 'TIME_LIMIT_DIFFERS', subjectRef: scenario.caseUrn });
    },
  };

  // The sources' events: one the hub emits itself (a reviewer's decision) comes through no door and is
  // covered where it is made (person-linkage.e2e-spec.ts).
  it.each(EVENT_CATALOGUE.filter((d) => d.origin !== 'hub').map((d) => [d.name, d.type] as const))(
    '%s: on a timeline and in the projection',
    (name, type) => {
      const timelines = [
        ...caseTimelineTypes(),
        ...r.suspect.timeline.edges.map((e) => e.node.eventType),
        ...r.suspect.protectiveOrders.flatMap((o) => o.timeline.edges.map((e) => e.node.eventType)),
        ...r.familyOrder.timeline.edges.map((e) => e.node.eventType),
      ];
      expect(timelines).toContain(type);
      checks[name as keyof typeof checks]();
    },
  );

  it('should put the whole case in one timeline in the order things happened, with a missing time kept missing', () => {
    const entries = r.case.timeline.edges.map((e) => e.node);
    expect(new Set(entries.map((e) => e.agency))).toEqual(new Set(['police', 'cps', 'court']));
    const timed = entries.filter((e) => e.occurredAt !== null).map((e) => e.occurredAt!);
    expect(timed).toEqual([...timed].sort());
    const untimed = entries.find((e) => e.eventType.endsWith('voluntary-attendance.v1'))!;
    expect(untimed.occurredAt).toBeNull();
    expect(untimed.summary).toMatch(/source gave no time/);
  });

  it('should keep conflicting person assertions visible and stream the order changes', () => {
    const sources = (r.suspect.assertions as { role: string }[]).map((a) => a.role);
    expect(sources).toEqual(expect.arrayContaining(['suspect', 'respondent', 'defendant', 'perpetrator']));
    expect(r.streamedOrderChanges).toEqual(
      expect.arrayContaining(['GRANTED', 'SERVED', 'VARIED', 'EXTENDED', 'REVOKED', 'DISCHARGED']),
    );
  });

  it('should read ahead, in the person search itself, exactly the orders and bail the loaders read', async () => {
    const reads = new OfficerReadRepository(hub.dataSource);
    const bailReads = new CaseReadRepository(hub.dataSource);
    const suspect = scenario.suspect as { name: { given: string; family: string }; dateOfBirth: string };
    const byPnc = await reads.findPeopleByPnc(scenario.suspectPnc, { orders: true, bail: true });
    const { people: byName } = await reads.findLinkageCandidates(
      {
        familyName: suspect.name.family,
        givenName: suspect.name.given,
        dateOfBirth: suspect.dateOfBirth,
        sameOrSwappedDates: sameOrSwappedDates(suspect.dateOfBirth),
        dateVariants: dateOfBirthVariants(suspect.dateOfBirth),
      },
      { orders: true, bail: true },
    );
    for (const person of [byPnc[0]!, byName.find((p) => p.pncId === scenario.suspectPnc)!]) {
      const { orders, bail } = person.readAhead!;
      expect(orders!.length).toBeGreaterThan(1);
      expect(bail!.length).toBeGreaterThan(1);
      expect(orders).toEqual((await reads.ordersForRespondents([person.personId])).get(person.personId));
      expect(bail).toEqual(await bailReads.bailForPeople([person.personId]));
    }
    // Without a read-ahead the search reads only the people.
    expect((await reads.findPeopleByPnc(scenario.suspectPnc))[0]!.readAhead).toBeUndefined();
  });
});
