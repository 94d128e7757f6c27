import { addDays, type CivilDate, londonMidnight } from './calendar';

/**
 * When a clock tells people. Every open clock (a deadline row, or a granted order's end) passes through
 * up to three transitions, each raising one alert and one `deadlineChanged` delivery:
 * - DUE_SOON: a lead time before the clock is due (per rule, configurable: CLOCK_DUE_SOON_LEAD);
 * - DUE: a day clock enters its last day (00:00 UK time on `dueOn`, when its status turns DUE_TODAY);
 * - OVERDUE: a day clock's last day has passed (00:00 UK time the day after `dueOn`); an hour clock's
 *   instant has come (its status turns OVERDUE at `dueAt`; an hour clock has no "due today").
 * The instants are the same ones the read side uses for a clock's status (CaseLookupService.deadlineView),
 * so an alert never says something the clock, read at that moment, would not.
 */
export type ClockTransition = 'DUE_SOON' | 'DUE' | 'OVERDUE';

/** An open clock: not met, not ended. Exactly one of dueOn / dueAt is set. */
export interface OpenClock {
  clockId: string;
  ruleId: string;
  dueOn: CivilDate | null;
  dueAt: string | null;
}

export interface PlannedTransition {
  transition: ClockTransition;
  /** ISO instant at which the clock reaches it. */
  at: string;
}

interface TransitionRule {
  /** Minutes before the due instant (a day clock: before 00:00 of its last day); null ⇒ no DUE_SOON. */
  dueSoonLeadMinutes: number | null;
  due: boolean;
  overdue: boolean;
  /** Alert kinds when they say more than CLOCK_<transition>. */
  kinds?: Partial<Record<ClockTransition, string>>;
  /** How the alert names the state when "due soon / due today / overdue" would mislead. */
  states?: Partial<Record<ClockTransition, string>>;
}

const DAY = 24 * 60;

/**
 * The rules' defaults. Leads are chosen so that someone can still act: a time limit or a bail period a
 * fortnight ahead (an information to lay, an extension to authorise — PACE s.47ZD needs an inspector
 * before the period ends); a pilot target two days ahead; a 48-hour notice half a day ahead. The
 * eight-week marking is a start, not a limit: it raises once, on its first day (HMCPSI:26, JJP:285).
 */
const DEFAULT_RULES: Record<string, TransitionRule> = {
  SUMMARY_TIME_LIMIT: { dueSoonLeadMinutes: 14 * DAY, due: true, overdue: true },
  DA_COMMON_ASSAULT_TIME_LIMIT: { dueSoonLeadMinutes: 14 * DAY, due: true, overdue: true },
  STL_EIGHT_WEEK_MARKING: {
    dueSoonLeadMinutes: null,
    due: true,
    overdue: false,
    kinds: { DUE: 'STL_EIGHT_WEEK_MARKING_STARTED' },
    states: { DUE: 'from today' },
  },
  PRE_CHARGE_BAIL_PERIOD: { dueSoonLeadMinutes: 14 * DAY, due: true, overdue: true },
  JJP_INVESTIGATION_21_DAYS: { dueSoonLeadMinutes: 2 * DAY, due: true, overdue: true },
  JJP_CHARGING_DECISION_10_WORKING_DAYS: { dueSoonLeadMinutes: 2 * DAY, due: true, overdue: true },
  JJP_CHARGE_7_DAYS_AFTER_DECISION: { dueSoonLeadMinutes: 2 * DAY, due: true, overdue: true },
  DVPN_48_HOURS_TO_DVPO_HEARING: { dueSoonLeadMinutes: 12 * 60, due: false, overdue: true },
  DAPN_48_HOURS_TO_DAPO_HEARING: { dueSoonLeadMinutes: 12 * 60, due: false, overdue: true },
  ORDER_EXPIRY: {
    dueSoonLeadMinutes: 14 * DAY,
    due: false,
    overdue: true,
    kinds: { DUE_SOON: 'ORDER_EXPIRING', OVERDUE: 'ORDER_EXPIRED' },
    states: { DUE_SOON: 'ends soon', OVERDUE: 'has ended' },
  },
};
/** A rule not listed above (bail return dates, action plans, hearings): a day ahead, due, overdue. */
const FALLBACK_RULE: TransitionRule = { dueSoonLeadMinutes: DAY, due: true, overdue: true };

/** Lead-time overrides by rule id, in minutes (config CLOCK_DUE_SOON_LEAD); 0 ⇒ no DUE_SOON. */
export type LeadOverrides = Readonly<Record<string, number>>;

/** How this deployment's clocks tell people (config: CLOCK_DUE_SOON_LEAD, CLOCK_CATCH_UP_HOURS). */
export interface ClockPolicy {
  leads: LeadOverrides;
  /** A transition older than this when it could fire is not raised (see isCurrentTransition). */
  catchUpMinutes: number;
  now: () => Date;
}

function ruleFor(ruleId: string, leads: LeadOverrides): TransitionRule {
  const rule = DEFAULT_RULES[ruleId] ?? FALLBACK_RULE;
  const lead = leads[ruleId];
  if (lead === undefined) return rule;
  return { ...rule, dueSoonLeadMinutes: lead > 0 ? lead : null };
}

/** The instants at which the clock reaches each of its transitions, in order. */
export function plannedTransitions(clock: OpenClock, leads: LeadOverrides = {}): PlannedTransition[] {
  const rule = ruleFor(clock.ruleId, leads);
  const planned: PlannedTransition[] = [];
  // A day clock's moments are UK midnights (clock changes included); an hour clock's, its instant.
  const dueMoment = clock.dueOn !== null ? londonMidnight(clock.dueOn) : new Date(clock.dueAt!);
  if (rule.dueSoonLeadMinutes !== null) {
    planned.push({
      transition: 'DUE_SOON',
      at: new Date(dueMoment.getTime() - rule.dueSoonLeadMinutes * 60_000).toISOString(),
    });
  }
  if (clock.dueOn !== null) {
    if (rule.due) planned.push({ transition: 'DUE', at: dueMoment.toISOString() });
    if (rule.overdue)
      planned.push({ transition: 'OVERDUE', at: londonMidnight(addDays(clock.dueOn, 1)).toISOString() });
  } else if (rule.overdue) {
    planned.push({ transition: 'OVERDUE', at: dueMoment.toISOString() });
  }
  return planned;
}

/**
 * Whether `candidate` should still be raised at `now`: its moment has come, no later transition of the
 * same clock has come too (a clock first seen, or a worker back after a stop, overdue says "overdue",
 * not also "due soon" and "due"), and — for the last transition, which stays current for ever — it is
 * not older than the catch-up horizon (a record backfilled years late, or a hub stopped for weeks, does
 * not flood the control room with stale alerts: the clock's status, read, still says OVERDUE).
 */
export function isCurrentTransition(
  clock: OpenClock,
  candidate: PlannedTransition,
  now: Date,
  catchUpMinutes: number,
  leads: LeadOverrides = {},
): boolean {
  const planned = plannedTransitions(clock, leads);
  const at = new Date(candidate.at).getTime();
  if (!planned.some((p) => p.transition === candidate.transition && p.at === candidate.at)) return false;
  if (at > now.getTime()) return false;
  const later = planned.filter((p) => new Date(p.at).getTime() > at);
  if (later.some((p) => new Date(p.at).getTime() <= now.getTime())) return false;
  // Only the last transition stays current for ever; the horizon bounds it. An earlier one is current
  // until the next comes (an order arriving a week before its end is "ending soon" however long ago its
  // lead time began).
  return later.length > 0 || now.getTime() - at <= catchUpMinutes * 60_000;
}

/**
 * The transitions worth scheduling at `now`: those still to come, and the latest one already come if it
 * is within the catch-up horizon.
 */
export function transitionsToSchedule(
  clock: OpenClock,
  now: Date,
  catchUpMinutes: number,
  leads: LeadOverrides = {},
): PlannedTransition[] {
  return plannedTransitions(clock, leads).filter(
    (p) =>
      new Date(p.at).getTime() > now.getTime() || isCurrentTransition(clock, p, now, catchUpMinutes, leads),
  );
}

/** The alert kind a transition raises. */
export function transitionAlertKind(ruleId: string, transition: ClockTransition): string {
  return DEFAULT_RULES[ruleId]?.kinds?.[transition] ?? `CLOCK_${transition}`;
}

/** What the alert says: the clock's own description, where it stands and when it is due. */
export function transitionMessage(
  clock: OpenClock & { description: string },
  transition: ClockTransition,
): string {
  const when = clock.dueOn !== null ? `the last day is ${clock.dueOn}` : `at ${clock.dueAt}`;
  const state =
    DEFAULT_RULES[clock.ruleId]?.states?.[transition] ??
    { DUE_SOON: 'due soon', DUE: 'due today', OVERDUE: 'overdue' }[transition];
  return `${clock.description}: ${state} (${when})`;
}

/**
 * The lead times that apply to a clock of `policeArea`: the force's own (force_setting), over the
 * deployment's (CLOCK_DUE_SOON_LEAD), over the rules' defaults.
 */
export function leadsFor(
  policy: Pick<ClockPolicy, 'leads'>,
  forceLeads: ReadonlyMap<string, Readonly<Record<string, number>>>,
  policeArea: string | null,
): LeadOverrides {
  const own = policeArea ? forceLeads.get(policeArea.trim().toUpperCase()) : undefined;
  return own ? { ...policy.leads, ...own } : policy.leads;
}

/** Parses CLOCK_DUE_SOON_LEAD: `RULE_ID=14d,OTHER_RULE=12h,THIRD=90m` (0 turns DUE_SOON off). */
export function parseLeadOverrides(raw: string): { leads: LeadOverrides; problems: string[] } {
  const leads: Record<string, number> = {};
  const problems: string[] = [];
  for (const part of raw
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const match = /^([A-Z0-9_]+)=(\d+)([dhm])$/.exec(part);
    if (!match) {
      problems.push(`CLOCK_DUE_SOON_LEAD entry "${part}" must be RULE_ID=<n>d|h|m`);
      continue;
    }
    const [, ruleId, amount, unit] = match;
    leads[ruleId!] = Number(amount) * { d: DAY, h: 60, m: 1 }[unit as 'd' | 'h' | 'm'];
  }
  return { leads, problems };
}
