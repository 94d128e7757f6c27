import { addDays, addMonths, addWorkingDays, addYears, type CivilDate } from './calendar';

/**
 * Named clock rules. Each names its source: a line in the project's source documents (shared/sources,
 * keys as in shared/domain/requirements.md), or — where the documents give no value — the outside
 * provision, marked `verified: false` until checked against primary legislation (requirements.md §8).
 *
 * Day convention: a deadline "within N days of D" falls on D + N; on that day the clock is still running,
 * the day after it is overdue.
 */
export interface Citation {
  source: string;
  /** false ⇒ the value is not in the source documents and must be checked before relying on it. */
  verified: boolean;
}

export interface DeadlineRule<Facts> {
  id: string;
  description: string;
  citation: Citation;
  dueOn(facts: Facts): CivilDate;
}

export type ClockStatus = 'RUNNING' | 'DUE_TODAY' | 'OVERDUE';

export function clockStatus(dueOn: CivilDate, today: CivilDate): ClockStatus {
  if (today < dueOn) return 'RUNNING';
  return today === dueOn ? 'DUE_TODAY' : 'OVERDUE';
}

/** Summary time limit: 6 months from the offence. Magistrates' Courts Act 1980 s.127(1). */
export const summaryTimeLimit: DeadlineRule<{ offenceOn: CivilDate }> = {
  id: 'SUMMARY_TIME_LIMIT',
  description: 'Information must be laid within 6 months of the offence',
  citation: { source: "Magistrates' Courts Act 1980 s.127(1) (requirements.md §8)", verified: false },
  dueOn: ({ offenceOn }) => addMonths(offenceOn, 6),
};

/**
 * Domestic common assault / battery: 6 months from the complainant's statement (or video-recorded
 * interview), but never later than 2 years from the offence. Criminal Justice Act 1988 s.39A, inserted by
 * the Police, Crime, Sentencing and Courts Act 2022 s.49.
 */
export const domesticCommonAssaultTimeLimit: DeadlineRule<{ offenceOn: CivilDate; statementOn: CivilDate }> =
  {
    id: 'DA_COMMON_ASSAULT_TIME_LIMIT',
    description: '6 months from the complainant’s statement, long-stop 2 years from the offence',
    citation: {
      source: 'Criminal Justice Act 1988 s.39A (PCSC Act 2022 s.49) (requirements.md §8)',
      verified: false,
    },
    dueOn: ({ offenceOn, statementOn }) => {
      const fromStatement = addMonths(statementOn, 6);
      const longStop = addYears(offenceOn, 2);
      return fromStatement < longStop ? fromStatement : longStop;
    },
  };

/**
 * Mark every communication once the summary time limit is within eight weeks. HMCPSI:26; JJP:285
 * ("identify (on receipt) cases where the Statutory Time Limit (STL) is within eight weeks").
 */
export const stlEightWeekMarking: DeadlineRule<{ timeLimitOn: CivilDate }> = {
  id: 'STL_EIGHT_WEEK_MARKING',
  description: 'Summary time limit within eight weeks: mark all police–CPS communications',
  citation: { source: 'cps-response-hmcpsi-2023.txt:26; joint-justice-plan.txt:285', verified: true },
  dueOn: ({ timeLimitOn }) => addDays(timeLimitOn, -56),
};

export function mustMarkTimeLimit(timeLimitOn: CivilDate, today: CivilDate): boolean {
  return today >= stlEightWeekMarking.dueOn({ timeLimitOn }) && today <= timeLimitOn;
}

/** JJP pilot: investigation completed in 21 days or less from the report. JJP:74. */
export const jjpInvestigationTarget: DeadlineRule<{ reportedOn: CivilDate }> = {
  id: 'JJP_INVESTIGATION_21_DAYS',
  description: 'Investigation completed within 21 days (DA JJP pilot target)',
  citation: { source: 'joint-justice-plan.txt:74', verified: true },
  dueOn: ({ reportedOn }) => addDays(reportedOn, 21),
};

/** JJP pilot: charging decision within 10 working days of the referral. JJP:74. */
export const jjpChargingDecisionTarget: DeadlineRule<{ referralReceivedOn: CivilDate }> = {
  id: 'JJP_CHARGING_DECISION_10_WORKING_DAYS',
  description: 'Charging decision within 10 working days of referral (DA JJP pilot target)',
  citation: { source: 'joint-justice-plan.txt:74', verified: true },
  dueOn: ({ referralReceivedOn }) => addWorkingDays(referralReceivedOn, 10),
};

/** JJP pilot: offender charged within 7 days of the decision. JJP:74. */
export const jjpChargeAfterDecisionTarget: DeadlineRule<{ decisionOn: CivilDate }> = {
  id: 'JJP_CHARGE_7_DAYS_AFTER_DECISION',
  description: 'Charge within 7 days of the charging decision (DA JJP pilot target)',
  citation: { source: 'joint-justice-plan.txt:74', verified: true },
  dueOn: ({ decisionOn }) => addDays(decisionOn, 7),
};

export type BailAuthority = 'CUSTODY_OFFICER' | 'INSPECTOR' | 'SUPERINTENDENT';

/**
 * Pre-charge bail period: 3 months authorised by a custody officer, extendable to 6 (inspector) and
 * 9 (superintendent), then only by a magistrates' court. PACE 1984 s.47ZB–47ZD as amended by the PCSC Act
 * 2022 (in force 28 Oct 2022). The source documents mention only the 2022 reform (DAC:608).
 */
export const preChargeBailPeriod: DeadlineRule<{ bailedOn: CivilDate; authorisedBy: BailAuthority }> = {
  id: 'PRE_CHARGE_BAIL_PERIOD',
  description: 'Pre-charge bail ends 3 / 6 / 9 months after bail by authority level',
  citation: {
    source: 'PACE 1984 s.47ZB–47ZD as amended by PCSC Act 2022; DAC:608 (reform only)',
    verified: false,
  },
  dueOn: ({ bailedOn, authorisedBy }) =>
    addMonths(bailedOn, { CUSTODY_OFFICER: 3, INSPECTOR: 6, SUPERINTENDENT: 9 }[authorisedBy]),
};

/**
 * DVPN → DVPO: the application must be heard within 48 hours of the notice being served, otherwise the
 * notice lapses. Crime and Security Act 2010 s.27(2). An instant-based clock (hours, not days).
 */
export const dvpnHearingDeadline = {
  id: 'DVPN_48_HOURS_TO_DVPO_HEARING',
  description: 'DVPO application heard within 48 hours of the DVPN being served',
  citation: { source: 'Crime and Security Act 2010 ss.24–27 (requirements.md §8)', verified: false },
  dueAt: ({ servedAt }: { servedAt: string }): string =>
    new Date(new Date(servedAt).getTime() + 48 * 60 * 60 * 1000).toISOString(),
} as const;

/**
 * Flags rather than clocks. DAC:640: police "have not informed the CPS that a perpetrator does not have
 * bail conditions in place when requesting charging advice" — a referral must state bail status.
 * DAC:670: "releasing suspects under investigation should not be used in cases of domestic abuse".
 */
export type BailStatusAtReferral =
  | 'PRE_CHARGE_BAIL_WITH_CONDITIONS'
  | 'PRE_CHARGE_BAIL_NO_CONDITIONS'
  | 'RELEASED_UNDER_INVESTIGATION'
  | 'VOLUNTARY_ATTENDANCE'
  | 'IN_CUSTODY'
  | 'NOT_STATED';

export function referralWithoutBailConditions(status: BailStatusAtReferral): boolean {
  return status !== 'PRE_CHARGE_BAIL_WITH_CONDITIONS' && status !== 'IN_CUSTODY';
}

export function releasedUnderInvestigationInDaCase(
  status: BailStatusAtReferral,
  domesticAbuse: boolean,
): boolean {
  return domesticAbuse && status === 'RELEASED_UNDER_INVESTIGATION';
}
