import {
  clockStatus,
  domesticCommonAssaultTimeLimit,
  dapnHearingDeadline,
  dvpnHearingDeadline,
  jjpChargeAfterDecisionTarget,
  jjpChargingDecisionTarget,
  jjpInvestigationTarget,
  mustMarkTimeLimit,
  preChargeBailBasis,
  preChargeBailPeriod,
  referralWithoutBailConditions,
  releasedUnderInvestigationInDaCase,
  summaryTimeLimit,
} from './deadlines';

import { addDays as addDaysForTest } from './calendar';

/** Day before / on / after a due date. */
function expectBoundary(dueOn: string, before: string, after: string) {
  expect(clockStatus(dueOn, before)).toBe('RUNNING');
  expect(clockStatus(dueOn, dueOn)).toBe('DUE_TODAY');
  expect(clockStatus(dueOn, after)).toBe('OVERDUE');
}

describe('deadline rules', () => {
  it('should name a source for every rule and flag values outside the source documents', () => {
    const rules = [
      summaryTimeLimit,
      domesticCommonAssaultTimeLimit,
      jjpInvestigationTarget,
      jjpChargingDecisionTarget,
      jjpChargeAfterDecisionTarget,
      preChargeBailPeriod,
      dvpnHearingDeadline,
    ];
    for (const rule of rules) expect(rule.citation.source).toMatch(/\S/);
    expect(jjpChargingDecisionTarget.citation).toEqual({
      source: 'joint-justice-plan.txt:74',
      verified: true,
    });
    expect(summaryTimeLimit.citation).toEqual({
      source: "Magistrates' Courts Act 1980 s.127(1)",
      verified: true,
    });
    // Every step read: 3 months (s.47ZB), 6 (s.47ZD, inspector), 9 (s.47ZDA, superintendent).
    expect(preChargeBailPeriod.citation).toEqual({
      source: 'PACE 1984 s.47ZB(1)(b), (4)(a); s.47ZD(2), (6); s.47ZDA(2), (6)',
      verified: true,
    });
  });

  it('summary time limit: 6 calendar months from the offence', () => {
    const due = summaryTimeLimit.dueOn({ offenceOn: '2026-05-14' });
    expect(due).toBe('2026-11-14');
    expectBoundary(due, '2026-11-13', '2026-11-15');
  });

  it('DA common assault: 6 months from the statement, capped by the 2-year long-stop', () => {
    expect(domesticCommonAssaultTimeLimit.dueOn({ offenceOn: '2026-01-10', statementOn: '2026-03-01' })).toBe(
      '2026-09-01',
    );
    expect(domesticCommonAssaultTimeLimit.dueOn({ offenceOn: '2025-01-10', statementOn: '2026-11-01' })).toBe(
      '2027-01-10',
    );
  });

  it('summary time limit: "from" the offence — the corresponding date, or the month end where none', () => {
    expect(summaryTimeLimit.dueOn({ offenceOn: '2026-08-31' })).toBe('2027-02-28');
    expect(summaryTimeLimit.dueOn({ offenceOn: '2027-08-31' })).toBe('2028-02-29');
    expect(summaryTimeLimit.dueOn({ offenceOn: '2026-12-31' })).toBe('2027-06-30');
  });

  it('DA common assault: the first of statement and video interview starts the six months (s.39A(4)(b))', () => {
    expect(
      domesticCommonAssaultTimeLimit.dueOn({
        offenceOn: '2026-01-10',
        statementOn: '2026-04-20',
        videoInterviewOn: '2026-03-02',
      }),
    ).toBe('2026-09-02');
    // Two years "from" the offence on 29 Feb: 28 Feb two years on.
    expect(domesticCommonAssaultTimeLimit.dueOn({ offenceOn: '2028-02-29', statementOn: '2029-12-01' })).toBe(
      '2030-02-28',
    );
    // Neither condition met: s.39A does not apply (s.39A(1)(b)); s.127's six months from the offence do.
    expect(domesticCommonAssaultTimeLimit.dueOn({ offenceOn: '2026-01-10' })).toBe('2026-07-10');
  });

  it('STL marking: from exactly eight weeks before the limit until the limit', () => {
    expect(mustMarkTimeLimit('2026-12-31', '2026-11-04')).toBe(false);
    expect(mustMarkTimeLimit('2026-12-31', '2026-11-05')).toBe(true);
    expect(mustMarkTimeLimit('2026-12-31', '2026-12-31')).toBe(true);
    expect(mustMarkTimeLimit('2026-12-31', '2027-01-01')).toBe(false);
  });

  it('JJP investigation: 21 calendar days from the report', () => {
    const due = jjpInvestigationTarget.dueOn({ reportedOn: '2026-11-02' });
    expect(due).toBe('2026-11-23');
    expectBoundary(due, '2026-11-22', '2026-11-24');
  });

  it('JJP charging decision: 10 working days, skipping weekends and bank holidays', () => {
    // Referral Fri 18 Dec 2026: 21,22,23,24 Dec; 25 and 28 Dec are holidays; 29,30,31 Dec, 4,5,6 Jan
    // (1 Jan holiday, 2–3 Jan weekend) → the 10th working day is Wed 6 Jan 2027.
    const due = jjpChargingDecisionTarget.dueOn({ referralReceivedOn: '2026-12-18' });
    expect(due).toBe('2027-01-06');
    expectBoundary(due, '2027-01-05', '2027-01-07');
    // An ordinary fortnight: Mon 9 Nov 2026 → Mon 23 Nov 2026.
    expect(jjpChargingDecisionTarget.dueOn({ referralReceivedOn: '2026-11-09' })).toBe('2026-11-23');
  });

  it('JJP charge after decision: 7 calendar days', () => {
    const due = jjpChargeAfterDecisionTarget.dueOn({ decisionOn: '2026-12-28' });
    expect(due).toBe('2027-01-04');
    expectBoundary(due, '2027-01-03', '2027-01-05');
  });

  it('pre-charge bail: 3, 6 or 9 months beginning with the day after the arrest (PACE s.47ZB(4)(a))', () => {
    const bail = (arrestedOn: string, authorisedBy: 'CUSTODY_OFFICER' | 'INSPECTOR' | 'SUPERINTENDENT') =>
      preChargeBailPeriod.dueOn({ bailedOn: addDaysForTest(arrestedOn, 1), arrestedOn, authorisedBy });
    // Arrested 10 Jan: bail start date 11 Jan; 3 months beginning with 11 Jan end on 10 Apr.
    expect(bail('2027-01-10', 'CUSTODY_OFFICER')).toBe('2027-04-10');
    expectBoundary(bail('2027-01-10', 'CUSTODY_OFFICER'), '2027-04-09', '2027-04-11');
    // Arrested 28 Feb: start 1 Mar; 3 months end on 31 May (a plain "+3 months" gave 28 May).
    expect(bail('2027-02-28', 'CUSTODY_OFFICER')).toBe('2027-05-31');
    // Arrested 30 Jan: start 31 Jan; April has no 31st, so the period ends on its last day.
    expect(bail('2027-01-30', 'CUSTODY_OFFICER')).toBe('2027-04-30');
    // Extensions: 6 months (inspector, s.47ZD(2)), 9 months (superintendent, s.47ZDA).
    expect(bail('2026-08-31', 'INSPECTOR')).toBe('2027-02-28');
    expect(bail('2026-08-31', 'SUPERINTENDENT')).toBe('2027-05-31');
    // Across a year end, and into a leap February.
    expect(bail('2027-11-29', 'CUSTODY_OFFICER')).toBe('2028-02-29');
  });

  it('pre-charge bail without an arrest date: counted from the day of release, and says so', () => {
    expect(preChargeBailPeriod.dueOn({ bailedOn: '2027-01-10', authorisedBy: 'CUSTODY_OFFICER' })).toBe(
      '2027-04-10',
    );
    expect(preChargeBailBasis(null)).toMatch(/arrest date not given/);
    expect(preChargeBailBasis('2027-01-09')).toMatch(/s\.47ZB\(4\)\(a\)/);
  });

  it('DVPN: 48 hours, Sundays disregarded — served Saturday evening, heard by Tuesday evening', () => {
    // Sat 14 Nov 2026 18:00 GMT: 6 h on Saturday, Sunday not counted, 24 h on Monday, 18 h on Tuesday.
    expect(dvpnHearingDeadline.dueAt({ servedAt: '2026-11-14T18:00:00Z' })).toBe('2026-11-17T18:00:00.000Z');
    // A weekday service with no disregarded day in between: exactly 48 hours.
    expect(dvpnHearingDeadline.dueAt({ servedAt: '2026-11-10T09:15:00Z' })).toBe('2026-11-12T09:15:00.000Z');
    // Served on the Sunday itself: the count starts at midnight, ends at midnight Tuesday/Wednesday.
    expect(dvpnHearingDeadline.dueAt({ servedAt: '2026-11-15T11:00:00Z' })).toBe('2026-11-18T00:00:00.000Z');
    // Served Thursday 10:00: Friday counts, 10:00 Saturday (Saturdays are not disregarded).
    expect(dvpnHearingDeadline.dueAt({ servedAt: '2026-11-12T10:00:00Z' })).toBe('2026-11-14T10:00:00.000Z');
  });

  it('DVPN: Christmas Day, Good Friday and bank holidays are disregarded too', () => {
    // Thu 24 Dec 2026 20:00: 4 h on Christmas Eve; 25 (Christmas, Fri), 27 (Sun), 28 (substitute Boxing
    // Day) disregarded; Sat 26 counts 24 h; Tue 29 the remaining 20 h.
    expect(dvpnHearingDeadline.dueAt({ servedAt: '2026-12-24T20:00:00Z' })).toBe('2026-12-29T20:00:00.000Z');
    // Christmas Day on a Saturday (2027) is disregarded although its bank holiday is the 27th.
    // Fri 24 Dec 2027 12:00: 12 h Friday; 25 (Sat, Christmas), 26 (Sun), 27 and 28 (bank holidays)
    // disregarded; Wed 29 the remaining 36 h run into Thu 30 at 12:00.
    expect(dvpnHearingDeadline.dueAt({ servedAt: '2027-12-24T12:00:00Z' })).toBe('2027-12-30T12:00:00.000Z');
    // Thu 1 Apr 2027 (BST) 10:00: Good Friday 26 Mar is past; Easter 2027 is 28 Mar, so 1 Apr is a
    // plain Thursday: 14 h Thu, 24 h Fri 2 Apr, 10 h Sat 3 Apr → Sat 10:00 BST.
    expect(dvpnHearingDeadline.dueAt({ servedAt: '2027-04-01T09:00:00Z' })).toBe('2027-04-03T09:00:00.000Z');
    // Thu 25 Mar 2027 10:00 GMT: Good Friday 26 Mar and Sunday 28 Mar (clocks go forward) and Easter
    // Monday 29 Mar disregarded; 14 h Thursday, 24 h Saturday 27, 10 h Tuesday 30 (BST) → 09:00 UTC.
    expect(dvpnHearingDeadline.dueAt({ servedAt: '2027-03-25T10:00:00Z' })).toBe('2027-03-30T09:00:00.000Z');
  });

  it('DVPN: across the autumn clock change, elapsed hours on the counted days', () => {
    // Sat 24 Oct 2026 21:30 BST: 2.5 h on Saturday; Sunday 25 (clocks go back) disregarded; 24 h on
    // Monday (GMT); the remaining 21.5 h end at 21:30 GMT on Tuesday.
    expect(dvpnHearingDeadline.dueAt({ servedAt: '2026-10-24T21:30:00+01:00' })).toBe(
      '2026-10-27T21:30:00.000Z',
    );
  });

  it('DAPN: the same 48 hours with the same disregarded days (Domestic Abuse Act 2021 s.29(3))', () => {
    expect(dapnHearingDeadline.dueAt({ givenAt: '2026-11-14T18:00:00Z' })).toBe('2026-11-17T18:00:00.000Z');
    expect(dapnHearingDeadline.citation).toEqual({
      source: 'Domestic Abuse Act 2021 s.29(2)–(3)',
      verified: true,
    });
  });

  it('flags a referral without bail conditions and RUI in a DA case (DAC:640, DAC:670)', () => {
    expect(referralWithoutBailConditions('NOT_STATED')).toBe(true);
    expect(referralWithoutBailConditions('RELEASED_UNDER_INVESTIGATION')).toBe(true);
    expect(referralWithoutBailConditions('PRE_CHARGE_BAIL_WITH_CONDITIONS')).toBe(false);
    expect(releasedUnderInvestigationInDaCase('RELEASED_UNDER_INVESTIGATION', true)).toBe(true);
    expect(releasedUnderInvestigationInDaCase('RELEASED_UNDER_INVESTIGATION', false)).toBe(false);
  });
});
