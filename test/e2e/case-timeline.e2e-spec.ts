import { shieldlineEventsConnector } from '../../connectors/shieldline-events/shieldline-events.connector';
import { type Hub } from '../../src/app';
import { caseScenario } from '../factories/case-scenario.factory';
import { uniqueToken } from '../factories/family-court.factory';
import { expectEventually, graphql, startTestHub } from '../utils/test-hub';
import { statementsOf } from '../utils/statements';

const OFFICER_VIEW = `query ($pnc: String!) {
  searchPeople(pncId: $pnc) {
    person {
      cases {
        urn stage
        deadlines { rule status }
        alerts { kind }
        timeline(first: 10) { edges { cursor node { eventType agency summary } } pageInfo { hasNextPage } }
      }
    }
  }
}`;

type OfficerView = {
  searchPeople: { person: { cases: { timeline: { edges: unknown[] }; deadlines: unknown[] }[] } }[];
};

describe('case timelines over GraphQL (real Kafka + PostgreSQL)', () => {
  let hub: Hub;

  beforeAll(async () => {
    hub = await startTestHub();
  });

  afterAll(async () => {
    await hub.stop();
  });

  /** `count` cases against one suspect: each reported and referred to CPS (two police events). */
  async function casesAgainstOneSuspect(count: number): Promise<string> {
    const token = uniqueToken();
    const base = caseScenario({ token });
    const [incident, , , , , , , , , , , , , , referral] = base.records;
    const records = Array.from({ length: count }, (_, i) =>
      [incident!, referral!].map((record) => ({
        ...record,
        recordId: `${record.recordId}-${i}`,
        data: { ...record.data, caseUrn: `${base.caseUrn}${i}`, crimeReference: `13/${token}/${i}` },
      })),
    ).flat();
    for (const record of records) {
      if (record.type.endsWith('referral.sent.v1'))
        delete (record.data as { crimeReference?: string }).crimeReference;
    }
    const outcomes = await hub.ingest.ingestBatch(
      shieldlineEventsConnector,
      records.map((r) => ({ bytes: Buffer.from(JSON.stringify(r)), contentType: 'application/json' })),
    );
    expect(outcomes.every((o) => o.status === 'ACCEPTED')).toBe(true);
    await expectEventually(async () => {
      const result = await graphql<OfficerView>(hub, OFFICER_VIEW, { pnc: base.suspectPnc });
      const cases = result.data!.searchPeople[0]!.person.cases;
      expect(cases).toHaveLength(count);
      expect(cases.every((c) => c.timeline.edges.length === 2)).toBe(true);
    }, 60_000);
    return base.suspectPnc;
  }

  it('should load the timelines, deadlines and alerts of 100 cases with as few SQL statements as one', async () => {
    const one = await casesAgainstOneSuspect(1);
    const hundred = await casesAgainstOneSuspect(100);

    // A gateway-only replica on the same database: only the officer query's statements are counted.
    const gateway = await startTestHub({ ROLES: 'gateway' });
    const statementsFor = async (pncId: string, expectedCases: number) => {
      const { result, statements: sql } = await statementsOf(gateway, () =>
        graphql<OfficerView>(gateway, OFFICER_VIEW, { pnc: pncId }),
      );
      const cases = result.data!.searchPeople[0]!.person.cases;
      expect(cases).toHaveLength(expectedCases);
      expect(cases.every((c) => c.timeline.edges.length === 2 && c.deadlines.length > 0)).toBe(true);
      // Counted at the pool: TypeORM's statements and the named hot reads and audit appends alike. Audit
      // appends are batched per event-loop tick, so how many reads share one varies with timing; they are
      // counted apart and bounded by the number of audited operations.
      const isAudit = (s: string) => s.includes('audit_append');
      // The revocation list polls every second, whatever the request: not the officer query's.
      const isBackground = (s: string) => s.includes('FROM token_revocation');
      expect(sql.filter(isAudit).length).toBeLessThanOrEqual(5);
      return sql.filter((s) => !isAudit(s) && !isBackground(s));
    };
    let forOne: string[];
    let forHundred: string[];
    try {
      forOne = await statementsFor(one, 1);
      forHundred = await statementsFor(hundred, 100);
    } finally {
      await gateway.stop();
    }
    // search, cases, timelines, deadlines, alerts: one statement each, never one per case.
    // The counter sees the query's statements at all (a blind counter would pass with none).
    expect(forOne.length).toBeGreaterThan(0);
    expect(forHundred.length).toBe(forOne.length);
    expect(forHundred.length).toBeLessThanOrEqual(5);
  });
});
