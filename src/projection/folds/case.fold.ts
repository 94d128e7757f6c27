import { rememberedUuid } from '../../common/ids';
import type * as E from '../../domain/canonical-events';
import { EVENT_TYPES } from '../../domain/canonical-events';
import { SourceAssertions } from '../../domain/field-conflicts';
import { resolvePersonIdentity } from '../../domain/person-identity';
import {
  type DeadlineRule,
  domesticCommonAssaultTimeLimit,
  jjpChargeAfterDecisionTarget,
  jjpChargingDecisionTarget,
  jjpInvestigationTarget,
  referralWithoutBailConditions,
  releasedUnderInvestigationInDaCase,
  stlEightWeekMarking,
  summaryTimeLimit,
} from '../../domain/rules/deadlines';
import { type CaseDetail, type CaseReferenceKind } from '../../domain/case-record';
import { londonCivilDate } from '../../domain/rules/calendar';
import { type CloudEvent } from '../../messaging/envelope';
import { routeEvent, streamKey } from '../event-routing';
import { inFoldOrder } from './fold-order';
import {
  type CaseState,
  type ComputedDeadline,
  type FoldOutput,
  type RaisedAlert,
} from '../../domain/projection-state';

export type { CaseDetail, CaseReferenceKind } from '../../domain/case-record';

export function caseIdFor(caseUrn: string): string {
  return rememberedUuid('case', caseUrn);
}

const STAGE_BY_DECISION: Record<E.ChargingDecisionData['decision'], string> = {
  CHARGE: 'CHARGED',
  NO_FURTHER_ACTION: 'NO_FURTHER_ACTION',
  ACTION_PLAN: 'ACTION_PLAN',
  CONDITIONAL_CAUTION: 'CONDITIONAL_CAUTION',
  THRESHOLD_TEST: 'CHARGED_THRESHOLD_TEST',
};

/**
 * Pure fold of everything the agencies say about one case (keyed by the police URN, which police, CPS
 * and the criminal courts share). Every agency's reference and every assertion is kept as a list, never
 * overwritten; clocks and flags are derived from the whole history.
 */
export function foldCase(caseUrn: string, events: readonly CloudEvent[]): CaseState & FoldOutput {
  const detail: CaseDetail = {
    references: [],
    incidents: [],
    riskAssessments: [],
    custody: [],
    referrals: [],
    cpsReceipts: [],
    decisions: [],
    actionPlans: [],
    hearings: [],
    sentences: [],
    maracReferrals: [],
    timeLimitMarkedOn: null,
    accusedForce: null,
  };
  const s: CaseState & FoldOutput = {
    caseId: caseIdFor(caseUrn),
    caseUrn,
    policeArea: null,
    domesticAbuse: null,
    stage: 'REPORTED',
    parties: [],
    detail,
    version: 0,
    deadlines: [],
    alerts: [],
    timelineLinks: [],
  };
  const self = streamKey('case', caseUrn);
  const person = (party: E.PartyData, event: CloudEvent, role: string) =>
    resolvePersonIdentity(party, { eventId: event.id, role }).personId;
  const addReference = (kind: CaseReferenceKind, value: string | null, agency: string, eventId: string) => {
    if (value && !detail.references.some((r) => r.kind === kind && r.value === value))
      detail.references.push({ kind, value, agency, eventId });
  };
  const hearing = (hearingRef: string) => {
    let found = detail.hearings.find((h) => h.hearingRef === hearingRef);
    if (!found) {
      found = { hearingRef, listedFor: null, hearingType: null, court: null, outcome: null, results: [] };
      detail.hearings.push(found);
    }
    return found;
  };
  const actionPlan = (ref: string) => {
    let found = detail.actionPlans.find((p) => p.actionPlanRef === ref);
    if (!found) {
      found = { actionPlanRef: ref, issuedEventId: null, actions: [], dueOn: null, completedOn: null };
      detail.actionPlans.push(found);
    }
    return found;
  };
  const firstOf: Partial<Record<string, CloudEvent>> = {};
  const caseEvents = inFoldOrder(events, () => 0);
  // What each agency's system says of the case, compared across sources (the first area still stands).
  const asserted = new SourceAssertions();

  for (const event of caseEvents) {
    const d = event.data as Record<string, unknown>;
    firstOf[event.type] ??= event;
    if (s.policeArea === null && typeof d.policeArea === 'string') s.policeArea = d.policeArea;
    if (typeof d.policeArea === 'string') asserted.assert('policeArea', event.source, d.policeArea);
    for (const mention of routeEvent(event).parties) {
      const personId = person(mention.party, event, mention.role);
      const role = mention.role.replace(/-\d+$/, '');
      if (!s.parties.some((p) => p.personId === personId && p.role === role))
        s.parties.push({ personId, role });
    }
    switch (event.type) {
      case EVENT_TYPES.incidentReported: {
        const data = d as E.IncidentReportedData;
        s.domesticAbuse = (s.domesticAbuse ?? false) || data.domesticAbuse;
        // A PPDA marker, once set by any report, stays (a later report cannot lift the restriction).
        detail.accusedForce ??= data.policePerpetrated?.accusedForce ?? null;
        addReference('CRIME_REFERENCE', data.crimeReference, 'police', event.id);
        detail.incidents.push({
          eventId: event.id,
          crimeReference: data.crimeReference,
          reportedAt: event.time ?? null,
          domesticAbuse: data.domesticAbuse,
          offences: data.offences,
          victimId: person(data.victim, event, 'victim'),
          suspectId: data.suspect ? person(data.suspect, event, 'suspect') : null,
        });
        break;
      }
      case EVENT_TYPES.riskAssessed: {
        const data = d as E.RiskAssessedData;
        detail.riskAssessments.push({
          eventId: event.id,
          assessmentRef: data.assessmentRef,
          tool: data.tool,
          level: data.level,
          assessedOn: data.assessedOn,
          victimId: person(data.victim, event, 'victim'),
        });
        break;
      }
      case EVENT_TYPES.suspectArrested:
      case EVENT_TYPES.voluntaryAttendance:
      case EVENT_TYPES.releasedUnderInvestigation: {
        const data = d as E.SuspectEventData;
        const kind =
          event.type === EVENT_TYPES.suspectArrested
            ? 'ARRESTED'
            : event.type === EVENT_TYPES.voluntaryAttendance
              ? 'VOLUNTARY_ATTENDANCE'
              : 'RELEASED_UNDER_INVESTIGATION';
        detail.custody.push({
          eventId: event.id,
          kind,
          at: event.time ?? null,
          personId: person(data.suspect, event, 'suspect'),
          court: null,
        });
        break;
      }
      case EVENT_TYPES.remandedInCustody: {
        const data = d as E.RemandedData;
        detail.custody.push({
          eventId: event.id,
          kind: 'REMANDED_IN_CUSTODY',
          at: event.time ?? null,
          personId: person(data.defendant, event, 'defendant'),
          court: data.court.name,
        });
        break;
      }
      case EVENT_TYPES.referredToCps: {
        const data = d as E.ReferredToCpsData;
        detail.referrals.push({
          eventId: event.id,
          sentAt: event.time ?? null,
          bailStatus: data.bailStatus,
          riskAssessmentRef: data.riskAssessmentRef,
          offences: data.offences,
        });
        break;
      }
      case EVENT_TYPES.cpsReferralReceived: {
        const data = d as E.CpsReferralReceivedData;
        addReference('CPS_CASE_ID', data.cpsCaseId, 'cps', event.id);
        detail.cpsReceipts.push({
          eventId: event.id,
          receivedOn: data.receivedOn,
          cpsCaseId: data.cpsCaseId,
        });
        break;
      }
      case EVENT_TYPES.chargingDecision: {
        const data = d as E.ChargingDecisionData;
        detail.decisions.push({
          eventId: event.id,
          decision: data.decision,
          decidedOn: data.decidedOn,
          charges: data.charges,
          reason: data.reason,
        });
        break;
      }
      case EVENT_TYPES.actionPlanIssued: {
        const data = d as E.ActionPlanIssuedData;
        Object.assign(actionPlan(data.actionPlanRef), {
          issuedEventId: event.id,
          actions: data.actions,
          dueOn: data.dueOn,
        });
        break;
      }
      case EVENT_TYPES.actionPlanCompleted: {
        const data = d as E.ActionPlanCompletedData;
        actionPlan(data.actionPlanRef).completedOn = data.completedOn;
        break;
      }
      case EVENT_TYPES.timeLimitMarked:
        detail.timeLimitMarkedOn = (d as E.TimeLimitMarkedData).timeLimitOn;
        break;
      case EVENT_TYPES.hearingListed: {
        const data = d as E.HearingListedData;
        addReference('COURT_CASE_NUMBER', data.courtCaseNumber, 'court', event.id);
        Object.assign(hearing(data.hearingRef), {
          listedFor: data.listedFor,
          hearingType: data.hearingType,
          court: data.court.name,
        });
        asserted.assert(`hearings.${data.hearingRef}.listedFor`, event.source, data.listedFor);
        asserted.assert(`hearings.${data.hearingRef}.court`, event.source, data.court.name);
        break;
      }
      case EVENT_TYPES.hearingOutcome: {
        const data = d as E.HearingOutcomeData;
        Object.assign(hearing(data.hearingRef), { outcome: data.outcome, results: data.results });
        break;
      }
      case EVENT_TYPES.sentencePassed: {
        const data = d as E.SentencePassedData;
        detail.sentences.push({ eventId: event.id, sentence: data.sentence, results: data.results });
        break;
      }
      case EVENT_TYPES.maracReferral: {
        const data = d as E.MaracReferralData;
        detail.maracReferrals.push({
          eventId: event.id,
          riskLevel: data.riskLevel,
          meetingOn: data.meetingOn,
          victimId: person(data.victim, event, 'victim'),
        });
        break;
      }
      default:
        break;
    }
    s.version += 1;
  }
  detail.conflicts = asserted.conflicts();
  s.stage = stageOf(detail);
  // The time limit feeds both a clock and, when the CPS marked another date, an alert: computed once.
  const limit = timeLimitOf(s, firstOf);
  s.deadlines = caseDeadlines(self, s, firstOf, limit);
  s.alerts = caseAlerts(self, s, caseEvents, firstOf, limit);
  return s;
}

function stageOf(detail: CaseDetail): string {
  if (detail.sentences.length > 0) return 'SENTENCED';
  const lastDecision = detail.decisions.at(-1);
  if (lastDecision) return STAGE_BY_DECISION[lastDecision.decision];
  if (detail.cpsReceipts.length > 0) return 'WITH_CPS';
  if (detail.referrals.length > 0) return 'REFERRED_TO_CPS';
  return 'UNDER_INVESTIGATION';
}

/** A time limit known only from the CPS's marking of the file (no offence dates to compute it from). */
const CPS_MARKED_TIME_LIMIT = {
  id: 'CPS_MARKED_TIME_LIMIT',
  description: 'Statutory time limit as the CPS marked it on receipt (no offence dates to compute it from)',
  citation: { source: 'the CPS time-limit marking (cps.time-limit.marked); HMCPSI:26', verified: true },
} as const;

/**
 * The summary time limit computed from the referral's offences (the earliest of them), and the one the
 * CPS marked, each when known.
 */
interface TimeLimit {
  computed: {
    rule: typeof summaryTimeLimit | typeof domesticCommonAssaultTimeLimit;
    dueOn: string;
    startedBy: string;
  } | null;
  marked: string | null;
}

function timeLimitOf(s: CaseState, firstOf: Partial<Record<string, CloudEvent>>): TimeLimit {
  const markedEvent = firstOf[EVENT_TYPES.timeLimitMarked];
  const marked = markedEvent ? (markedEvent.data as E.TimeLimitMarkedData).timeLimitOn : null;
  const firstReferral = s.detail.referrals[0];
  const referralEvent = firstOf[EVENT_TYPES.referredToCps];
  if (!firstReferral || !referralEvent) return { computed: null, marked };
  const statementOn = (referralEvent.data as E.ReferredToCpsData).complainantStatementOn;
  const limits = firstReferral.offences.flatMap((offence) => {
    if (!offence.committedOn) return [];
    if (offence.commonAssault && s.domesticAbuse && statementOn)
      return [domesticCommonAssaultTimeLimit.dueOn({ offenceOn: offence.committedOn, statementOn })];
    if (offence.modeOfTrial === 'SUMMARY_ONLY')
      return [summaryTimeLimit.dueOn({ offenceOn: offence.committedOn })];
    return [];
  });
  const earliest = limits.sort()[0];
  if (!earliest) return { computed: null, marked };
  const usesDaRule = firstReferral.offences.some((o) => o.commonAssault) && s.domesticAbuse && statementOn;
  return {
    computed: {
      rule: usesDaRule ? domesticCommonAssaultTimeLimit : summaryTimeLimit,
      dueOn: earliest,
      startedBy: firstReferral.eventId,
    },
    marked,
  };
}

function caseDeadlines(
  self: string,
  s: CaseState,
  firstOf: Partial<Record<string, CloudEvent>>,
  limit: TimeLimit,
): ComputedDeadline[] {
  const rows: ComputedDeadline[] = [];
  const { detail } = s;
  const push = (
    rule: Pick<DeadlineRule<never>, 'id' | 'description' | 'citation'>,
    dueOn: string,
    startedBy: string,
    metBy: string | null,
  ) =>
    rows.push({
      deadlineId: rememberedUuid('deadline', self, rule.id),
      streamKey: self,
      ruleId: rule.id,
      description: rule.description,
      citation: rule.citation.source,
      verified: rule.citation.verified,
      dueOn,
      dueAt: null,
      policeArea: s.policeArea,
      subjectRef: s.caseUrn,
      startedBy,
      metBy,
    });
  const firstCharge = detail.decisions.find(
    (d) => d.decision === 'CHARGE' || d.decision === 'THRESHOLD_TEST',
  );
  const firstDecision = detail.decisions[0];
  const firstReferral = detail.referrals[0];
  const firstHearing = firstOf[EVENT_TYPES.hearingListed];

  // Summary time limit, computed at referral (HMCPSI:24: the referral should carry the STL), and the
  // limit the CPS marked at receipt: the clock takes the earlier (a difference is raised as an alert).
  const marked = firstOf[EVENT_TYPES.timeLimitMarked];
  if (limit.computed) {
    // Proceedings are treated as instituted by the charge decision — a simplification: strictly it is
    // the laying of the information / charge (MCA 1980 s.127), which no catalogue event reports yet.
    push(limit.computed.rule, limit.computed.dueOn, limit.computed.startedBy, firstCharge?.eventId ?? null);
  } else if (limit.marked && marked) {
    // No offence dates to compute from: the CPS's own marking is the clock.
    push(CPS_MARKED_TIME_LIMIT, limit.marked, marked.id, firstCharge?.eventId ?? null);
  }
  const governing = [limit.computed?.dueOn, limit.marked].filter((d): d is string => !!d).sort()[0];
  const startedBy = limit.computed?.startedBy ?? marked?.id;
  if (governing && startedBy) {
    push(
      stlEightWeekMarking,
      stlEightWeekMarking.dueOn({ timeLimitOn: governing }),
      startedBy,
      marked?.id ?? null,
    );
  }
  const firstIncident = firstOf[EVENT_TYPES.incidentReported];
  // A report without a source time starts no clock: the time is never invented.
  if (firstIncident?.time) {
    push(
      jjpInvestigationTarget,
      jjpInvestigationTarget.dueOn({ reportedOn: londonCivilDate(firstIncident.time) }),
      firstIncident.id,
      firstReferral?.eventId ?? null,
    );
  }
  const receipt = detail.cpsReceipts[0];
  if (receipt) {
    push(
      jjpChargingDecisionTarget,
      jjpChargingDecisionTarget.dueOn({ referralReceivedOn: receipt.receivedOn }),
      receipt.eventId,
      firstDecision?.eventId ?? null,
    );
  }
  if (firstCharge) {
    // Met when the first hearing is listed: the catalogue has no "charged" event, and a listing follows
    // charge. A proxy, stated as such.
    push(
      jjpChargeAfterDecisionTarget,
      jjpChargeAfterDecisionTarget.dueOn({ decisionOn: firstCharge.decidedOn }),
      firstCharge.eventId,
      firstHearing?.id ?? null,
    );
  }
  for (const plan of detail.actionPlans) {
    if (!plan.dueOn || !plan.issuedEventId) continue;
    rows.push({
      deadlineId: rememberedUuid('deadline', self, 'ACTION_PLAN_DUE', plan.actionPlanRef),
      streamKey: self,
      ruleId: 'ACTION_PLAN_DUE',
      description: `Action plan ${plan.actionPlanRef} to be completed`,
      citation: 'the action plan’s own due date (JJP:74 pilot process)',
      verified: true,
      dueOn: plan.dueOn,
      dueAt: null,
      policeArea: s.policeArea,
      subjectRef: s.caseUrn,
      startedBy: plan.issuedEventId,
      metBy: plan.completedOn ? plan.issuedEventId : null,
    });
  }
  return rows;
}

function caseAlerts(
  self: string,
  s: CaseState,
  events: readonly CloudEvent[],
  firstOf: Partial<Record<string, CloudEvent>>,
  limit: TimeLimit,
): RaisedAlert[] {
  const alerts: RaisedAlert[] = [];
  const raise = (kind: string, event: CloudEvent, message: string, citation: string) =>
    alerts.push({
      alertId: rememberedUuid('alert', self, kind, event.id),
      streamKey: self,
      kind,
      message,
      citation,
      policeArea: s.policeArea,
      subjectRef: s.caseUrn,
      raisedBy: event.id,
      raisedAt: event.time ?? null,
    });
  const da = s.domesticAbuse === true;
  for (const event of events) {
    if (event.type === EVENT_TYPES.referredToCps) {
      const { bailStatus } = event.data as E.ReferredToCpsData;
      if (bailStatus === 'NOT_STATED')
        raise(
          'BAIL_STATUS_NOT_STATED',
          event,
          `Referral of ${s.caseUrn} does not state the suspect's bail status`,
          'DAC:640',
        );
      else if (referralWithoutBailConditions(bailStatus))
        raise(
          'REFERRAL_WITHOUT_BAIL_CONDITIONS',
          event,
          `Case ${s.caseUrn} referred to CPS with no bail conditions in place (${bailStatus})`,
          'DAC:640',
        );
      if (releasedUnderInvestigationInDaCase(bailStatus, da))
        raise(
          'RUI_IN_DA_CASE',
          event,
          `Suspect in DA case ${s.caseUrn} is released under investigation`,
          'DAC:670',
        );
    }
    if (
      event.type === EVENT_TYPES.releasedUnderInvestigation &&
      releasedUnderInvestigationInDaCase('RELEASED_UNDER_INVESTIGATION', da)
    )
      raise(
        'RUI_IN_DA_CASE',
        event,
        `Suspect in DA case ${s.caseUrn} was released under investigation`,
        'DAC:670',
      );
  }
  // The limit the CPS marked is not the one the offence dates give: one of them is wrong, and a case
  // can time out on the wrong one. Raised by the marking, naming both and the rule.
  const marking = firstOf[EVENT_TYPES.timeLimitMarked];
  if (marking && limit.marked && limit.computed && limit.marked !== limit.computed.dueOn)
    raise(
      'TIME_LIMIT_DIFFERS',
      marking,
      `CPS marked ${s.caseUrn}'s time limit as ${limit.marked}; the offence dates give ${limit.computed.dueOn} (${limit.computed.rule.id}, ${limit.computed.rule.citation.source}). The eight-week marking counts back from the earlier.`,
      limit.computed.rule.citation.source,
    );
  // One RUI alert per case is enough for an officer; keep the earliest.
  const seen = new Set<string>();
  return alerts.filter((a) => {
    if (a.kind !== 'RUI_IN_DA_CASE') return true;
    if (seen.has(a.kind)) return false;
    seen.add(a.kind);
    return true;
  });
}
