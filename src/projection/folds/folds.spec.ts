import fc from 'fast-check';
import { caseScenario, scenarioEvents } from '../../../test/factories/case-scenario.factory';
import { type CloudEvent } from '../../messaging/envelope';
import { routeEvent } from '../event-routing';
import { foldBail } from './bail.fold';
import { foldBreach, foldConduct } from './breach.fold';
import { foldCase } from './case.fold';
import { foldNotice } from './notice.fold';
import { foldOrder } from './order.fold';

const scenario = caseScenario({ token: 'FOLD01' });
const events = scenarioEvents(scenario);
const streamOf = (key: string) => events.filter((e) => routeEvent(e).streams.includes(key));
const kinds = (rows: { kind: string }[]) => rows.map((r) => r.kind).sort();

describe('foldOrder', () => {
  it('should apply variation, extension, service and breach to a restraining order in time order', () => {
    const order = foldOrder(
      scenario.refs.restrainingOrder,
      streamOf(`order:${scenario.refs.restrainingOrder}`),
    );
    expect(order).toEqual(
      expect.objectContaining({
        granted: true,
        served: true,
        powerOfArrest: true,
        expiresAt: '2029-01-10T12:10:00Z',
        ended: null,
        version: 4,
        breachRefs: [`BR-${scenario.token}-2`],
      }),
    );
    expect(order.conditions.map((c) => c.paragraph)).toEqual(['1', '2']);
    expect(order.exclusionZones).toEqual([
      { description: 'Harehills Lane, Leeds', postcode: 'LS8 3AA', radiusMetres: 100 },
    ]);
    expect(order.versions.map((v) => v.eventType.split('.').at(-2))).toEqual([
      'granted',
      'served',
      'varied',
      'extended',
    ]);
    expect(kinds(order.alerts)).toEqual(['BREACH_OF_ORDER']);
    expect(order.deadlines).toEqual([]); // expiry is read from the order itself (expires_at)
  });

  it('should keep what each version of an order said, and what it changed', () => {
    const order = foldOrder(
      scenario.refs.restrainingOrder,
      streamOf(`order:${scenario.refs.restrainingOrder}`),
    );
    const [granted, served, varied, extended] = order.versions;
    // The variation replaced the terms: the granted version still reads as it was made.
    expect(granted!.conditions).not.toEqual(varied!.conditions);
    expect(varied!.conditions).toEqual(order.conditions);
    expect(granted!.served).toBe(false);
    expect(served!.changed).toEqual(['served']);
    expect(varied!.changed).toEqual(expect.arrayContaining(['conditions']));
    expect(extended!.changed).toEqual(['expiresAt']);
    expect(extended!.expiresAt).toBe('2029-01-10T12:10:00Z');
    expect(granted!.expiresAt).not.toBe(extended!.expiresAt);
    expect(order.timelineLinks.every((l) => l.streamKey === `case:${scenario.caseUrn}`)).toBe(true);
  });

  it('should end a revoked or discharged order for good and stop its expiry clock', () => {
    const dvpo = foldOrder(scenario.refs.dvpo, streamOf(`order:${scenario.refs.dvpo}`));
    expect(dvpo).toEqual(expect.objectContaining({ ended: 'REVOKED', endedReason: 'Revoked on appeal' }));
    expect(dvpo.deadlines).toEqual([]);
    const family = foldOrder(scenario.refs.familyOrder, streamOf(`order:${scenario.refs.familyOrder}`));
    expect(family).toEqual(expect.objectContaining({ ended: 'DISCHARGED', endedAt: '2026-03-10T10:00:00Z' }));
  });

  it('should flag the fields on which two sources grant the same order differently, not a correction', () => {
    const stream = streamOf(`order:${scenario.refs.restrainingOrder}`);
    const grant = stream.find((e) => e.type.endsWith('granted.v1'))!;
    const data = grant.data as Record<string, unknown>;
    const fromElsewhere: CloudEvent = {
      ...grant,
      id: '00000000-0000-4000-8000-00000000c0f1',
      source: 'urn:shieldline:connector:criminal-court-results',
      data: { ...data, expiresAt: null, policeArea: ` ${String(data.policeArea).toLowerCase()} ` },
    };
    const order = foldOrder(scenario.refs.restrainingOrder, [...stream, fromElsewhere]);
    const grantSource = grant.source.replace('urn:shieldline:connector:', '');
    // The area differs only in case and spacing: one value. The end date is a conflict.
    expect(order.conflicts.map((c) => c.field)).toEqual(['expiresAt']);
    expect(order.conflicts[0]!.values).toHaveLength(2);
    expect(order.conflicts[0]!.values).toEqual(
      expect.arrayContaining([
        { value: String(data.expiresAt), sources: [grantSource] },
        { value: 'until further order', sources: ['criminal-court-results'] },
      ]),
    );
    // The same source granting again (a corrected version) is its correction, never a conflict.
    const corrected: CloudEvent = { ...fromElsewhere, source: grant.source, sourceversion: '2' };
    expect(foldOrder(scenario.refs.restrainingOrder, [...stream, corrected]).conflicts).toEqual([]);
    expect(foldOrder(scenario.refs.restrainingOrder, stream).conflicts).toEqual([]);
  });

  it('should wait, ungranted, when only a later event of the order has been seen', () => {
    const served = streamOf(`order:${scenario.refs.restrainingOrder}`).filter((e) =>
      e.type.endsWith('served.v1'),
    );
    expect(foldOrder(scenario.refs.restrainingOrder, served)).toEqual(
      expect.objectContaining({ granted: false, served: true, grant: null }),
    );
  });
});

describe('foldBail', () => {
  it('should track pre-charge bail through variation and cancellation, with its clocks met', () => {
    const bail = foldBail(scenario.refs.preChargeBail, streamOf(`bail:${scenario.refs.preChargeBail}`));
    expect(bail).toEqual(
      expect.objectContaining({
        kind: 'PRE_CHARGE',
        status: 'CANCELLED',
        returnOn: '2025-12-14',
        victimViewsSought: true,
      }),
    );
    expect(bail.deadlines.map((d) => [d.ruleId, d.dueOn, d.metBy !== null])).toEqual([
      ['PRE_CHARGE_BAIL_PERIOD', '2026-02-02', true],
      ['PRE_CHARGE_BAIL_RETURN', '2025-12-14', true],
    ]);
    // The victim's views were taken in the variation, so the grant's alert is no longer raised.
    expect(bail.alerts).toEqual([]);
  });

  it("should flag pre-charge bail set without the victim's views (DAC:608)", () => {
    const grantOnly = streamOf(`bail:${scenario.refs.preChargeBail}`).filter((e) =>
      e.type.endsWith('bail.granted.v1'),
    );
    expect(kinds(foldBail(scenario.refs.preChargeBail, grantOnly).alerts)).toEqual([
      'VICTIM_VIEWS_NOT_SOUGHT',
    ]);
  });

  it('should revoke court bail and raise the breach against it', () => {
    const bail = foldBail(scenario.refs.courtBail, streamOf(`bail:${scenario.refs.courtBail}`));
    expect(bail).toEqual(
      expect.objectContaining({ kind: 'COURT', status: 'REVOKED', returnOn: '2026-01-10' }),
    );
    expect(bail.conditions).toHaveLength(2);
    expect(kinds(bail.alerts)).toEqual(['BREACH_OF_BAIL']);
  });
});

describe('foldNotice', () => {
  it('should meet the 48-hour DVPN clock with a DVPO hearing listed inside it', () => {
    const notice = foldNotice(scenario.refs.notice, streamOf(`notice:${scenario.refs.notice}`));
    expect(notice.deadlines).toEqual([
      expect.objectContaining({
        ruleId: 'DVPN_48_HOURS_TO_DVPO_HEARING',
        // Served 04:00 on Sunday 2 Nov 2025: the Sunday is disregarded, so the 48 hours run from
        // Monday's midnight (C&SA 2010 s.27(4)).
        dueAt: '2025-11-05T00:00:00.000Z',
        verified: false,
      }),
    ]);
    expect(notice.deadlines[0]!.metBy).not.toBeNull();
    expect(notice.alerts).toEqual([]);
  });

  it('should alert when the DVPO hearing is listed after the 48 hours', () => {
    const late = streamOf(`notice:${scenario.refs.notice}`).map((e) =>
      e.type.endsWith('dvpo.applied.v1')
        ? { ...e, data: { ...(e.data as object), hearingAt: '2025-11-05T00:00:01Z' } }
        : e,
    );
    const notice = foldNotice(scenario.refs.notice, late);
    expect(notice.deadlines[0]!.metBy).toBeNull();
    expect(kinds(notice.alerts)).toEqual(['DVPO_HEARING_AFTER_48_HOURS']);
  });
});

describe('foldCase', () => {
  const caseState = () => foldCase(scenario.caseUrn, streamOf(`case:${scenario.caseUrn}`));

  it("should keep every agency's references and reach the sentenced stage", () => {
    const c = caseState();
    expect(c.stage).toBe('SENTENCED');
    expect(c.domesticAbuse).toBe(true);
    expect(c.detail.references.map((r) => r.kind).sort()).toEqual([
      'COURT_CASE_NUMBER',
      'CPS_CASE_ID',
      'CRIME_REFERENCE',
    ]);
    expect(c.detail.custody.map((x) => x.kind)).toEqual(
      [
        'VOLUNTARY_ATTENDANCE', // no source time: folded at its receipt time, after every timed event
        'ARRESTED',
        'RELEASED_UNDER_INVESTIGATION',
        'REMANDED_IN_CUSTODY',
      ].sort((a, b) => (a === 'VOLUNTARY_ATTENDANCE' ? 1 : b === 'VOLUNTARY_ATTENDANCE' ? -1 : 0)),
    );
    expect(c.parties.map((p) => p.role).sort()).toEqual(
      expect.arrayContaining(['suspect', 'victim', 'defendant']),
    );
  });

  it('should flag a police area the agencies disagree on, keeping the first', () => {
    const stream = streamOf(`case:${scenario.caseUrn}`);
    expect(caseState().detail.conflicts).toEqual([]);
    const withArea = stream.filter(
      (e) => typeof (e.data as { policeArea?: unknown }).policeArea === 'string',
    );
    const last = withArea.at(-1)!;
    const otherArea: CloudEvent = {
      ...last,
      id: '00000000-0000-4000-8000-00000000c0f2',
      source: 'urn:shieldline:connector:elsewhere',
      data: { ...(last.data as object), policeArea: 'NYP' },
    };
    const c = foldCase(scenario.caseUrn, [...stream, otherArea]);
    expect(c.policeArea).toBe(foldCase(scenario.caseUrn, stream).policeArea);
    const conflict = c.detail.conflicts!.find((x) => x.field === 'policeArea')!;
    expect(conflict.values).toEqual(expect.arrayContaining([{ value: 'NYP', sources: ['elsewhere'] }]));
    expect(conflict.values.length).toBe(2);
  });

  it('should compute the clocks from the referral with their sources, and mark what was met', () => {
    const byRule = Object.fromEntries(caseState().deadlines.map((d) => [d.ruleId, d]));
    // DA common assault: 6 months from the complainant's statement (2025-11-02), long-stop 2 years.
    expect(byRule.DA_COMMON_ASSAULT_TIME_LIMIT).toEqual(
      expect.objectContaining({ dueOn: '2026-05-02', verified: true }),
    );
    // The CPS marked 2026-05-01, a day earlier than computed: eight weeks back from the earlier.
    expect(byRule.STL_EIGHT_WEEK_MARKING).toEqual(
      expect.objectContaining({ dueOn: '2026-03-06', verified: true }),
    );
    expect(byRule.JJP_INVESTIGATION_21_DAYS).toEqual(expect.objectContaining({ dueOn: '2025-11-22' }));
    // 10 working days from Wed 12 Nov 2025 → Wed 26 Nov 2025.
    expect(byRule.JJP_CHARGING_DECISION_10_WORKING_DAYS).toEqual(
      expect.objectContaining({ dueOn: '2025-11-26' }),
    );
    expect(byRule.JJP_CHARGE_7_DAYS_AFTER_DECISION).toEqual(expect.objectContaining({ dueOn: '2025-11-27' }));
    for (const rule of Object.values(byRule)) expect(rule.metBy).not.toBeNull();
  });

  it('should flag RUI in a DA case once (DAC:670) and a referral that does not state bail (DAC:640)', () => {
    expect(kinds(caseState().alerts)).toEqual(['RUI_IN_DA_CASE', 'TIME_LIMIT_DIFFERS']);
    const notStated = streamOf(`case:${scenario.caseUrn}`).map((e) =>
      e.type.endsWith('referral.sent.v1')
        ? { ...e, data: { ...(e.data as object), bailStatus: 'NOT_STATED' } }
        : e,
    );
    expect(kinds(foldCase(scenario.caseUrn, notStated).alerts)).toEqual([
      'BAIL_STATUS_NOT_STATED',
      'RUI_IN_DA_CASE',
      'TIME_LIMIT_DIFFERS',
    ]);
  });

  const withMarking = (timeLimitOn: string) =>
    streamOf(`case:${scenario.caseUrn}`).map((e) =>
      e.type.endsWith('time-limit.marked.v1') ? { ...e, data: { ...(e.data as object), timeLimitOn } } : e,
    );

  it('should alert when the CPS-marked time limit differs from the computed one, naming both', () => {
    const [differs] = foldCase(scenario.caseUrn, withMarking('2026-04-15')).alerts.filter(
      (a) => a.kind === 'TIME_LIMIT_DIFFERS',
    );
    expect(differs?.message).toContain('2026-04-15');
    expect(differs?.message).toContain('2026-05-02 (DA_COMMON_ASSAULT_TIME_LIMIT');
    // The same date: nothing to say.
    expect(kinds(foldCase(scenario.caseUrn, withMarking('2026-05-02')).alerts)).not.toContain(
      'TIME_LIMIT_DIFFERS',
    );
  });

  it('should run the clocks from the CPS marking when the offence dates give none', () => {
    const undated = withMarking('2026-04-15').map((e): CloudEvent =>
      e.type.endsWith('referral.sent.v1')
        ? {
            ...e,
            data: {
              ...(e.data as { offences: object[] }),
              offences: (e.data as { offences: object[] }).offences.map((o) => ({ ...o, committedOn: null })),
            },
          }
        : e,
    );
    const byRule = Object.fromEntries(
      foldCase(scenario.caseUrn, undated).deadlines.map((d) => [d.ruleId, d]),
    );
    expect(byRule.CPS_MARKED_TIME_LIMIT).toEqual(expect.objectContaining({ dueOn: '2026-04-15' }));
    expect(byRule.STL_EIGHT_WEEK_MARKING).toEqual(expect.objectContaining({ dueOn: '2026-02-18' }));
    expect(byRule.DA_COMMON_ASSAULT_TIME_LIMIT).toBeUndefined();
  });

  it('should start no investigation clock when the report has no source time', () => {
    const untimed = streamOf(`case:${scenario.caseUrn}`).map((e): CloudEvent => {
      if (!e.type.endsWith('incident.reported.v1')) return e;
      const { time: _time, ...rest } = e;
      return { ...rest, timemissing: true };
    });
    expect(foldCase(scenario.caseUrn, untimed).deadlines.map((d) => d.ruleId)).not.toContain(
      'JJP_INVESTIGATION_21_DAYS',
    );
  });
});

describe('folds are independent of delivery order and duplicates', () => {
  const streams = [
    ['order', scenario.refs.restrainingOrder, foldOrder],
    ['bail', scenario.refs.courtBail, foldBail],
    ['notice', scenario.refs.notice, foldNotice],
    ['case', scenario.caseUrn, foldCase],
  ] as const;

  it.each(streams)('should fold the %s stream to the same state for any permutation', (kind, ref, fold) => {
    const stream = streamOf(`${kind}:${ref}`);
    const expected = JSON.stringify((fold as (r: string, e: CloudEvent[]) => unknown)(ref, stream));
    fc.assert(
      fc.property(fc.shuffledSubarray(stream, { minLength: stream.length }), (shuffled) => {
        expect(JSON.stringify((fold as (r: string, e: CloudEvent[]) => unknown)(ref, shuffled))).toBe(
          expected,
        );
      }),
      { numRuns: 200 },
    );
  });
});

describe('foldNotice for a DAPN', () => {
  const dvpn = streamOf(`notice:${scenario.refs.notice}`);
  const asDapn = (hearingAt: string) =>
    dvpn.map((e) =>
      e.type.endsWith('dvpn.issued.v1')
        ? { ...e, data: { ...(e.data as object), noticeType: 'DAPN' } }
        : e.type.endsWith('dvpo.applied.v1')
          ? { ...e, data: { ...(e.data as object), hearingAt } }
          : e,
    );

  it('should run the DAPO hearing clock of DAA 2021 s.29, verified, and alert on a late hearing', () => {
    const onTime = foldNotice(scenario.refs.notice, asDapn('2025-11-03T10:00:00Z'));
    expect(onTime.deadlines).toEqual([
      expect.objectContaining({ ruleId: 'DAPN_48_HOURS_TO_DAPO_HEARING', verified: true }),
    ]);
    expect(onTime.deadlines[0]!.metBy).not.toBeNull();
    expect(onTime.alerts).toEqual([]);
    const late = foldNotice(scenario.refs.notice, asDapn('2025-11-20T10:00:00Z'));
    expect(kinds(late.alerts)).toEqual(['DAPO_HEARING_AFTER_48_HOURS']);
    expect(late.alerts[0]!.citation).toContain('Domestic Abuse Act 2021 s.29');
  });
});

describe('foldBreach and foldConduct', () => {
  const first = `BR-${scenario.token}-1`;
  const second = `BR-${scenario.token}-2`;
  const suspectId = routeEvent(events.find((e) => e.type.endsWith('breach.reported.v1'))!)
    .streams.find((k) => k.startsWith('conduct:'))!
    .slice('conduct:'.length);

  it('should keep a breach with what it breached, against whom, when, and its outcomes in order', () => {
    const breach = foldBreach(second, streamOf(`breach:${second}`));
    expect(breach).toEqual(
      expect.objectContaining({
        reported: true,
        breachedKind: 'ORDER',
        breachedRef: scenario.refs.restrainingOrder,
        occurredAt: '2026-03-05T19:40:00Z',
        reportedAt: '2026-03-05T20:00:00Z',
        reportedBy: 'VICTIM',
        crimeReference: `13/${scenario.token}/BR2`,
        outcomes: [],
      }),
    );
    expect(breach.victimId).not.toBeNull();
    const withOutcome = foldBreach(first, streamOf(`breach:${first}`));
    // Not stated by the source: kept missing, not "nobody" / "now".
    expect(withOutcome).toEqual(
      expect.objectContaining({ victimId: null, occurredAt: null, reportedBy: null, crimeReference: null }),
    );
    expect(withOutcome.outcomes.map((o) => o.outcome)).toEqual(['ARRESTED']);
    // The outcome names only the breach: the fold places it on the bail it breached and on the case.
    expect(withOutcome.timelineLinks.map((l) => l.streamKey).sort()).toEqual([
      `bail:${scenario.refs.courtBail}`,
      `case:${scenario.caseUrn}`,
    ]);
  });

  it('should hold an outcome that arrives before its report without showing a breach', () => {
    const outcome = streamOf(`breach:${first}`).filter((e) => e.type.endsWith('breach.outcome.v1'));
    expect(foldBreach(first, outcome)).toEqual(
      expect.objectContaining({ reported: false, breachedRef: null }),
    );
  });

  it('should raise REPEAT_BREACH on the second breach by the same person, whatever it breached', () => {
    const conduct = foldConduct(suspectId, streamOf(`conduct:${suspectId}`));
    expect(conduct.alerts).toEqual([
      expect.objectContaining({ kind: 'REPEAT_BREACH', subjectRef: second, policeArea: scenario.policeArea }),
    ]);
    expect(conduct.alerts[0]!.citation).toContain('DAC:739');
    expect(conduct.alerts[0]!.message).toContain(`previous: ${first}, of bail ${scenario.refs.courtBail}`);
    expect(conduct.alerts[0]!.message).toContain('second reported breach');
  });

  it('should count a corrected report of the same breach once, and place breaches by when they happened', () => {
    const stream = streamOf(`conduct:${suspectId}`);
    const correction = { ...stream[1]!, id: '00000000-0000-4000-8000-0000000000c1', sourceversion: '2' };
    expect(foldConduct(suspectId, [...stream, correction]).alerts).toHaveLength(1);
    // The second report happened before the first: the first becomes the repeat.
    const earlier = stream.map((e) =>
      (e.data as { breachRef: string }).breachRef === second
        ? { ...e, data: { ...(e.data as object), occurredAt: '2025-10-01T10:00:00Z' } }
        : e,
    );
    expect(foldConduct(suspectId, earlier).alerts.map((a) => a.subjectRef)).toEqual([first]);
  });

  it('should give the same alerts for any delivery order of the breaches', () => {
    const stream = streamOf(`conduct:${suspectId}`);
    const expected = foldConduct(suspectId, stream).alerts;
    fc.assert(
      fc.property(fc.shuffledSubarray(stream, { minLength: stream.length }), (shuffled) => {
        expect(foldConduct(suspectId, shuffled).alerts).toEqual(expected);
      }),
    );
  });
});
