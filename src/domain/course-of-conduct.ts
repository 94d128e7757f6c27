import { type BreachReportedData, type BreachOutcomeRecordedData } from './canonical-events';
import { type Labelled } from '../security/access-step';

export type BreachOutcome = BreachOutcomeRecordedData['outcome'];

/** One reported breach of an order, bail or notice, as the read side holds it. */
export interface BreachRecord extends Labelled {
  breachId: string;
  breachRef: string;
  policeArea: string;
  breachedKind: 'ORDER' | 'BAIL' | 'NOTICE';
  breachedRef: string;
  caseUrn: string | null;
  perpetratorId: string;
  /** null ⇒ the source did not name the person the breach was against. */
  victimId: string | null;
  crimeReference: string | null;
  description: string;
  occurredAt: Date | null;
  reportedAt: Date | null;
  reportedBy: NonNullable<BreachReportedData['reportedBy']> | null;
  /** Every outcome in the order they happened; empty ⇒ none recorded yet. */
  outcomes: { outcome: BreachOutcome; reason: string | null; at: Date | null }[];
  receivedAt: Date;
}

/** Outcomes that are the force acting on the breach as the offence it is (DAC:739). */
const ENFORCED: ReadonlySet<BreachOutcome> = new Set(['ARRESTED', 'CHARGED', 'SUMMONSED', 'CAUTIONED']);

export function breachEnforced(breach: Pick<BreachRecord, 'outcomes'>): boolean {
  return breach.outcomes.some((o) => ENFORCED.has(o.outcome));
}

export type ConductEntryKind = 'INCIDENT' | 'BREACH' | 'ORDER' | 'BAIL' | 'NOTICE' | 'RISK_ASSESSMENT';

/** One thing in the history between a perpetrator and a victim, already released to the caller. */
export interface ConductEntry {
  kind: ConductEntryKind;
  /** When it happened (or was made, reported, assessed); null when the source gave only a date, or none. */
  at: Date | null;
  /** The day, when the source gave a date and no time (bail, risk assessments); never given a made-up time. */
  on: string | null;
  reference: string;
  policeArea: string | null;
  summary: string;
  /** Risk level, for RISK_ASSESSMENT entries. */
  riskLevel: string | null;
}

export interface ConductCounts {
  incidents: number;
  breaches: number;
  breachesNotEnforced: number;
  orders: number;
  bail: number;
  notices: number;
  riskAssessments: number;
}

/**
 * Whether the pattern is getting worse, from what was released. Each indicator is documented in
 * docs/course-of-conduct.md; together they are a prompt to look, not a risk score.
 */
export interface ConductEscalation {
  windowDays: number;
  /** Incidents and breaches in the last `windowDays` days, and in the window before that. */
  recentIncidentsAndBreaches: number;
  previousIncidentsAndBreaches: number;
  frequencyRising: boolean;
  firstRiskLevel: string | null;
  latestRiskLevel: string | null;
  riskRising: boolean;
  /** Breaches reported while an order or notice protecting the victim was already made. */
  breachesOfProtection: number;
  /** Breaches with no arrest, charge, summons or caution recorded (DAC:739). */
  breachesNotEnforced: number;
  escalating: boolean;
}

export interface CourseOfConduct {
  perpetratorId: string;
  victimId: string;
  asOf: Date;
  entries: ConductEntry[];
  counts: ConductCounts;
  escalation: ConductEscalation;
}

export const ESCALATION_WINDOW_DAYS = 90;
const RISK_RANK: Record<string, number> = { STANDARD: 0, MEDIUM: 1, HIGH: 2 };
const DAY_MS = 86_400_000;

/** When an entry is placed: its time, else the start of its day (UTC; only for ordering, never shown). */
function placedAt(entry: ConductEntry): number | null {
  if (entry.at) return entry.at.getTime();
  return entry.on ? Date.parse(`${entry.on}T00:00:00Z`) : null;
}

/** Entries in time order; those the source gave no time or date for last, by kind and reference. */
export function inConductOrder(entries: readonly ConductEntry[]): ConductEntry[] {
  return [...entries].sort((a, b) => {
    const at = placedAt(a);
    const bt = placedAt(b);
    if (at !== null && bt !== null && at !== bt) return at - bt;
    if (at !== null && bt === null) return -1;
    if (at === null && bt !== null) return 1;
    return a.kind === b.kind ? a.reference.localeCompare(b.reference) : a.kind.localeCompare(b.kind);
  });
}

/** The course of conduct from released entries and breaches: counts and escalation as of `asOf`. */
export function courseOfConduct(input: {
  perpetratorId: string;
  victimId: string;
  asOf: Date;
  entries: readonly ConductEntry[];
  breaches: readonly BreachRecord[];
}): CourseOfConduct {
  const entries = inConductOrder(input.entries);
  const count = (kind: ConductEntryKind) => entries.filter((e) => e.kind === kind).length;
  const notEnforced = input.breaches.filter((b) => !breachEnforced(b)).length;
  const window = ESCALATION_WINDOW_DAYS * DAY_MS;
  const now = input.asOf.getTime();
  const happenings = entries
    .filter((e) => e.kind === 'INCIDENT' || e.kind === 'BREACH')
    .map(placedAt)
    .filter((t): t is number => t !== null);
  const inWindow = (from: number, to: number) => happenings.filter((t) => t > from && t <= to).length;
  const recent = inWindow(now - window, now);
  const previous = inWindow(now - 2 * window, now - window);
  const risks = entries.filter((e) => e.kind === 'RISK_ASSESSMENT' && e.riskLevel !== null);
  const firstRisk = risks[0]?.riskLevel ?? null;
  const latestRisk = risks[risks.length - 1]?.riskLevel ?? null;
  const riskRising =
    firstRisk !== null && latestRisk !== null && (RISK_RANK[latestRisk] ?? 0) > (RISK_RANK[firstRisk] ?? 0);
  const protections = entries
    .filter((e) => e.kind === 'ORDER' || e.kind === 'NOTICE')
    .map(placedAt)
    .filter((t): t is number => t !== null);
  const firstProtection = protections.length > 0 ? Math.min(...protections) : null;
  const breachesOfProtection =
    firstProtection === null
      ? 0
      : entries.filter((e) => e.kind === 'BREACH' && (placedAt(e) ?? -Infinity) >= firstProtection).length;
  const frequencyRising = recent >= 2 && recent > previous;
  return {
    perpetratorId: input.perpetratorId,
    victimId: input.victimId,
    asOf: input.asOf,
    entries,
    counts: {
      incidents: count('INCIDENT'),
      breaches: count('BREACH'),
      breachesNotEnforced: notEnforced,
      orders: count('ORDER'),
      bail: count('BAIL'),
      notices: count('NOTICE'),
      riskAssessments: count('RISK_ASSESSMENT'),
    },
    escalation: {
      windowDays: ESCALATION_WINDOW_DAYS,
      recentIncidentsAndBreaches: recent,
      previousIncidentsAndBreaches: previous,
      frequencyRising,
      firstRiskLevel: firstRisk,
      latestRiskLevel: latestRisk,
      riskRising,
      breachesOfProtection,
      breachesNotEnforced: notEnforced,
      escalating: frequencyRising || riskRising || breachesOfProtection >= 2,
    },
  };
}
