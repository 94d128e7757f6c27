import { type Hub } from '../../src/app';
import { caseScenario, type CanonicalRecord } from '../factories/case-scenario.factory';
import { nonMolestationOrder, uniquePoliceArea } from '../factories/family-court.factory';
import {
  COURT_PUBLISHER,
  expectEventually,
  graphql,
  officerOf,
  postRecord,
  startTestHub,
} from '../utils/test-hub';

/** A DVPN served at `servedAt` and its DVPO application heard at `hearingAt`, from one scenario's records. */
function noticeWithHearing(policeArea: string, servedAt: string, hearingAt: string) {
  const scenario = caseScenario({ policeArea });
  const pick = (suffix: string) => {
    const found = scenario.records.find((r) => r.type.endsWith(suffix));
    if (!found) throw new Error(`scenario has no ${suffix}`);
    return found;
  };
  const issued = pick('police.dvpn.issued.v1');
  const applied = pick('police.dvpo.applied.v1');
  const records: CanonicalRecord[] = [
    { ...issued, occurredAt: servedAt, data: { ...issued.data, servedAt, authorisedAt: servedAt } },
    { ...applied, occurredAt: servedAt, data: { ...applied.data, hearingAt } },
  ];
  return { noticeRef: scenario.refs.notice, records };
}

interface AreaClocks {
  alerts: { edges: { node: { kind: string; subjectRef: string } }[] };
  deadlines: { edges: { node: { rule: string; subjectRef: string; dueAt: string | null } }[] };
}

/**
 * The DVPN clock as the statute counts it (Crime and Security Act 2010 s.27(3)–(4)): 48 hours with
 * Sundays, Christmas Day, Good Friday and bank holidays disregarded. A hearing listed lawfully on the
 * Tuesday after a Saturday-evening service raises no alert; one listed on the Wednesday does, and the
 * clock shows the instant the 48 hours end.
 */
describe('legal clocks on the real path (real Kafka + PostgreSQL)', () => {
  let hub: Hub;

  beforeAll(async () => {
    hub = await startTestHub();
  });

  afterAll(async () => {
    await hub.stop();
  });

  it('should count the DVPN’s 48 hours without the Sunday: Tuesday’s hearing is in time, Wednesday’s is late', async () => {
    const area = uniquePoliceArea();
    // Saturday 16 January 2027, 18:00 GMT: the 48 hours end at 18:00 on Tuesday 19 January.
    const inTime = noticeWithHearing(area, '2027-01-16T18:00:00Z', '2027-01-19T10:00:00Z');
    const late = noticeWithHearing(area, '2027-01-16T18:00:00Z', '2027-01-20T10:00:00Z');
    for (const record of [...inTime.records, ...late.records]) {
      const response = await postRecord(hub, 'shieldline-events', JSON.stringify(record));
      expect(response.status).toBe(202);
    }
    const query = `query ($area: String!) {
      alerts(policeArea: $area, first: 100) { edges { node { kind subjectRef } } }
      deadlines(policeArea: $area, withinDays: 3660) { edges { node { rule subjectRef dueAt } } }
    }`;
    let clocks: AreaClocks | undefined;
    await expectEventually(async () => {
      const answer = await graphql<AreaClocks>(hub, query, { area }, officerOf(area));
      expect(answer.errors).toBeUndefined();
      clocks = answer.data!;
      expect(clocks.alerts.edges.map((e) => e.node)).toContainEqual({
        kind: 'DVPO_HEARING_AFTER_48_HOURS',
        subjectRef: late.noticeRef,
      });
    });
    const alerts = clocks!.alerts.edges.map((e) => e.node);
    expect(alerts).not.toContainEqual(expect.objectContaining({ subjectRef: inTime.noticeRef }));
    const lateClock = clocks!.deadlines.edges
      .map((e) => e.node)
      .find((d) => d.subjectRef === late.noticeRef && d.rule === 'DVPN_48_HOURS_TO_DVPO_HEARING');
    expect(lateClock?.dueAt).toBe('2027-01-19T18:00:00.000Z');
  });

  it('should not call an order served next year in force today, and say why', async () => {
    const area = uniquePoliceArea();
    const order = nonMolestationOrder({ policeForce: area });
    const servedOn = '2099-01-04T11:00:00Z';
    for (const message of [order.granted, { ...order.served, servedOn }]) {
      const response = await postRecord(
        hub,
        'family-court-orders',
        JSON.stringify(message),
        'application/json',
        COURT_PUBLISHER,
      );
      expect(response.status).toBe(202);
    }
    const query = `query ($ref: String!) {
      protectiveOrder(reference: $ref) { status statusReason enforceableFrom servedAt }
    }`;
    const seen = await expectEventually(async () => {
      const answer = await graphql<{
        protectiveOrder: {
          status: string;
          statusReason: string;
          enforceableFrom: string | null;
          servedAt: string | null;
        } | null;
      }>(hub, query, { ref: order.orderRef }, officerOf(area));
      expect(answer.data?.protectiveOrder?.servedAt).toBe('2099-01-04T11:00:00.000Z');
      return answer.data!.protectiveOrder!;
    });
    expect(seen.status).toBe('GRANTED_NOT_SERVED');
    expect(seen.enforceableFrom).toBe('2099-01-04T11:00:00.000Z');
    expect(seen.statusReason).toMatch(/aware of the order/);
  });
});
