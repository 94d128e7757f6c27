import {
  addDays,
  addHoursDisregarding,
  addMonths,
  addWorkingDays,
  addYears,
  type CivilDate,
  disregardedForNoticeHearing,
  lastDayOfMonthsBeginningWith,
} from './calendar';

/**
 * Named clock rules. Each names its source — the provision with its section, its operative words quoted
 * here, or a line in the project's source documents — and is `verified: true` only where that text was
 * read (docs/legal-clocks.md lists each text and where it was read).
 *
 * How the texts count (docs/legal-clocks.md):
 * - "within N months *from* D" excludes D and ends on the corresponding date N months on (31 August + 6
 *   months = the last day of February, there being no 31st): addMonths.
 * - "the period of N months *beginning with* D" includes D and ends the day before the corresponding
 *   date: lastDayOfMonthsBeginningWith.
 * - "month" is a calendar month (Interpretation Act 1978 Sch. 1).
 * - hours are real elapsed hours, in UK local days where a text disregards days.
 * A `dueOn` is the last day on which the thing may still be done: on it the clock is DUE_TODAY, the day
 * after it is OVERDUE.
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

/**
 * Summary time limit. Magistrates' Courts Act 1980 s.127(1): "a magistrates' court shall not try an
 * information or hear a complaint unless the information was laid, or the complaint made, within 6 months
 * from the time when the offence was committed". "From": the day of the offence is excluded, so the last
 * day is the corresponding date six calendar months on.
 */
export const summaryTimeLimit: DeadlineRule<{ offenceOn: CivilDate }> = {
  id: 'SUMMARY_TIME_LIMIT',
  description: 'Information must be laid within 6 months from the offence',
  citation: { source: "Magistrates' Courts Act 1980 s.127(1)", verified: true },
  dueOn: ({ offenceOn }) => addMonths(offenceOn, 6),
};

/**
 * Common assault or battery amounting to domestic abuse. Criminal Justice Act 1988 s.39A(4), inserted by
 * the Police, Crime, Sentencing and Courts Act 2022 s.49: proceedings "may be commenced at any time which
 * is both— (a) within two years from the date of the offence to which the proceedings relate, and
 * (b) within six months from the first date on which either of the conditions in subsection (2) or (3)
 * was met" — (2) the complainant's witness statement provided to the police, (3) a video-recorded
 * interview. Both "from": the start day excluded. s.39A(5): it "has effect despite section 127(1)".
 * Not encoded: whether s.39A reaches offences committed before s.49 came into force (its transitional
 * text was not read); every such offence is past the two-year long-stop by now.
 */
export const domesticCommonAssaultTimeLimit: DeadlineRule<{
  offenceOn: CivilDate;
  statementOn?: CivilDate | null;
  videoInterviewOn?: CivilDate | null;
}> = {
  id: 'DA_COMMON_ASSAULT_TIME_LIMIT',
  description:
    'Within 6 months from the complainant’s statement or video interview (the first), and within 2 years from the offence',
  citation: { source: 'Criminal Justice Act 1988 s.39A(4) (PCSC Act 2022 s.49)', verified: true },
  dueOn: ({ offenceOn, statementOn, videoInterviewOn }) => {
    const conditionMetOn = [statementOn, videoInterviewOn].filter((d): d is CivilDate => !!d).sort()[0];
    const longStop = addYears(offenceOn, 2);
    // s.39A(1)(b): until either condition is met the section does not apply, and s.127(1) does.
    if (!conditionMetOn) return addMonths(offenceOn, 6);
    const fromCondition = addMonths(conditionMetOn, 6);
    return fromCondition < longStop ? fromCondition : longStop;
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
 * Pre-charge bail: the applicable bail period, PACE 1984 as amended by the PCSC Act 2022 (from 28 October
 * 2022).
 * - s.47ZB(1)(b): "in any other case, the period of 3 months beginning with the person's bail start date";
 *   s.47ZB(4)(a): "a person's bail start date is the day after the day on which the person was arrested
 *   for the relevant offence".
 * - s.47ZD(2): a relevant officer ("a police officer of the rank of inspector or above", s.47ZD(6)) "may
 *   authorise the applicable bail period … to be extended so that it ends at the end of the period of 6
 *   months beginning with the person's bail start date".
 * - s.47ZDA(2) (inserted by the PCSC Act 2022 Sch.4 para.29): "The senior officer may authorise the
 *   applicable bail period in relation to the person to be extended so that it ends at the end of the
 *   period of 9 months beginning with the person's bail start date"; s.47ZDA(6): "'senior officer' means a
 *   police officer of the rank of superintendent or above" (read on legislation.gov.uk,
 *   ukpga/2022/32/schedule/4/paragraph/29). s.47ZE (12 months, designated cases) and s.47ZF–47ZG (the
 *   magistrates' court) are not modelled: the bail record names its authority level only.
 * "Beginning with": the bail start date counts, so 3 months beginning with 11 January end on 10 April.
 * Without the arrest date the period is counted as if the arrest was on the day of release: the latest
 * it can end — the clock then says so in its basis.
 */
export const preChargeBailPeriod: DeadlineRule<{
  bailedOn: CivilDate;
  arrestedOn?: CivilDate | null;
  authorisedBy: BailAuthority;
}> = {
  id: 'PRE_CHARGE_BAIL_PERIOD',
  description: 'Pre-charge bail period ends 3 / 6 / 9 months beginning with the day after the arrest',
  citation: {
    source: 'PACE 1984 s.47ZB(1)(b), (4)(a); s.47ZD(2), (6); s.47ZDA(2), (6)',
    verified: true,
  },
  dueOn: ({ bailedOn, arrestedOn, authorisedBy }) =>
    lastDayOfMonthsBeginningWith(
      addDays(arrestedOn ?? bailedOn, 1),
      { CUSTODY_OFFICER: 3, INSPECTOR: 6, SUPERINTENDENT: 9 }[authorisedBy],
    ),
};

/** Whether the pre-charge bail period was counted from the arrest (as the statute does) or from release. */
export function preChargeBailBasis(arrestedOn: CivilDate | null | undefined): string {
  return arrestedOn
    ? 'counted from the day after the arrest (s.47ZB(4)(a))'
    : 'arrest date not given: counted as if arrested on the day of release, the latest the period can end';
}

/**
 * DVPN → DVPO hearing. Crime and Security Act 2010 s.27(3)–(4): the application is to be heard not later
 * than 48 hours after the DVPN was served, Christmas Day, Good Friday, Sundays and England & Wales bank
 * holidays disregarded in the count — the rule the Domestic Abuse Act 2021 s.29(2)–(3) re-enacts word for
 * word for DAPNs (quoted below, read on legislation.gov.uk). The 2010 Act's own text was not available
 * here to quote, so this rule stays unverified until it is read. Worked example: served 18:00 Saturday,
 * Sunday disregarded, heard by 18:00 Tuesday — not 18:00 Monday, which the flat 48 hours gave.
 */
export const dvpnHearingDeadline = {
  id: 'DVPN_48_HOURS_TO_DVPO_HEARING',
  description:
    'DVPO application heard within 48 hours of the DVPN being served, Sundays, Christmas Day, Good Friday and bank holidays disregarded',
  citation: {
    source: 'Crime and Security Act 2010 s.27(3)–(4); cf. Domestic Abuse Act 2021 s.29(2)–(3)',
    verified: false,
  },
  dueAt: ({ servedAt }: { servedAt: string }): string =>
    addHoursDisregarding(servedAt, 48, disregardedForNoticeHearing).toISOString(),
} as const;

/**
 * DAPN → DAPO hearing. Domestic Abuse Act 2021 s.29(2): "The application must be heard by the
 * magistrates' court not later than 48 hours after the notice was given to P"; s.29(3): "In calculating
 * when the period of 48 hours mentioned in subsection (2) ends, the following days are to be disregarded—
 * (a) any Sunday, (b) Christmas Day, (c) Good Friday, and (d) any day which is a bank holiday in England
 * and Wales under the Banking and Financial Dealings Act 1971." Read on legislation.gov.uk
 * (ukpga/2021/17/section/29).
 */
export const dapnHearingDeadline = {
  id: 'DAPN_48_HOURS_TO_DAPO_HEARING',
  description:
    'DAPO application heard within 48 hours of the DAPN being given, Sundays, Christmas Day, Good Friday and bank holidays disregarded',
  citation: { source: 'Domestic Abuse Act 2021 s.29(2)–(3)', verified: true },
  dueAt: ({ givenAt }: { givenAt: string }): string =>
    addHoursDisregarding(givenAt, 48, disregardedForNoticeHearing).toISOString(),
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
