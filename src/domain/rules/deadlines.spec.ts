import {
  clockStatus,
  domesticCommonAssaultTimeLimit,
  dvpnHearingDeadline,
  jjpChargeAfterDecisionTarget,
  jjpChargingDecisionTarget,
  jjpInvestigationTarget,
  mustMarkTimeLimit,
  preChargeBailPeriod,
  referralWithoutBailConditions,
  releasedUnderInvestigationInDaCase,
  summaryTimeLimit,
} from './deadlines';

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
    expect(summaryTimeLimit.citation.verified).toBe(false);
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

  it('pre-charge bail: 3, 6 or 9 months by authority', () => {
    expect(preChargeBailPeriod.dueOn({ bailedOn: '2026-08-31', authorisedBy: 'CUSTODY_OFFICER' })).toBe(
      '2026-11-30',
    );
    expect(preChargeBailPeriod.dueOn({ bailedOn: '2026-08-31', authorisedBy: 'INSPECTOR' })).toBe(
      '2027-02-28',
    );
    expect(preChargeBailPeriod.dueOn({ bailedOn: '2026-08-31', authorisedBy: 'SUPERINTENDENT' })).toBe(
      '2027-05-31',
    );
  });

  it('DVPN: the DVPO hearing is due 48 hours after service, across a clock change', () => {
    // UK clocks go back at 02:00 BST on 25 Oct 2026; 48 elapsed hours, not two calendar days.
    expect(dvpnHearingDeadline.dueAt({ servedAt: '2026-10-24T21:30:00+01:00' })).toBe(
      '2026-10-26T20:30:00.000Z',
    );
  });

  it('flags a referral without bail conditions and RUI in a DA case (DAC:640, DAC:670)', () => {
    expect(referralWithoutBailConditions('NOT_STATED')).toBe(true);
    expect(referralWithoutBailConditions('RELEASED_UNDER_INVESTIGATION')).toBe(true);
    expect(referralWithoutBailConditions('PRE_CHARGE_BAIL_WITH_CONDITIONS')).toBe(false);
    expect(releasedUnderInvestigationInDaCase('RELEASED_UNDER_INVESTIGATION', true)).toBe(true);
    expect(releasedUnderInvestigationInDaCase('RELEASED_UNDER_INVESTIGATION', false)).toBe(false);
  });
});
