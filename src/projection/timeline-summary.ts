import type * as E from '../domain/canonical-events';
import { type EventName } from '../domain/canonical-events';

const ORDER_TYPE_NAMES: Record<E.OrderType, string> = {
  NON_MOLESTATION: 'Non-molestation order',
  OCCUPATION: 'Occupation order',
  RESTRAINING_ON_CONVICTION: 'Restraining order on conviction',
  RESTRAINING_ON_ACQUITTAL: 'Restraining order on acquittal',
  DVPO: 'Domestic violence protection order',
  DAPO: 'Domestic abuse protection order',
  OTHER: 'Protective order',
};

const BREACH_OUTCOME_WORDS: Record<E.BreachOutcomeRecordedData['outcome'], string> = {
  ARRESTED: 'suspect arrested',
  CHARGED: 'charged',
  SUMMONSED: 'summonsed',
  CAUTIONED: 'cautioned',
  NO_FURTHER_ACTION: 'no further action',
  OTHER: 'other outcome',
};

const name = (p: E.PartyData) => `${p.name.given} ${p.name.family}`;
const offences = (list: readonly E.OffenceData[]) => list.map((o) => o.description).join('; ');

/** One line for the timeline, written for an officer or lawyer reading the case history. */
export function timelineSummary(eventName: EventName, data: unknown, timeMissing: boolean): string {
  const line = summarise(eventName, data);
  return timeMissing ? `${line} (source gave no time)` : line;
}

function summarise(eventName: EventName, data: unknown): string {
  switch (eventName) {
    case 'orderGranted': {
      const d = data as E.OrderGrantedData;
      const until = d.expiresAt ? ` until ${d.expiresAt.slice(0, 10)}` : ' until further order';
      return `${ORDER_TYPE_NAMES[d.orderType]} made by ${d.court.name}${d.withoutNotice ? ' without notice' : ''}${until}`;
    }
    case 'orderServed': {
      const d = data as E.OrderServedData;
      return `Order served on the respondent (${d.method.toLowerCase()} service)${d.servedAt ? '' : '; time of service not stated'}`;
    }
    case 'orderVaried': {
      const d = data as E.OrderVariedData;
      const what = [
        d.conditions ? 'conditions' : null,
        d.exclusionZones ? 'exclusion zones' : null,
        d.powerOfArrest !== undefined && d.powerOfArrest !== null ? 'power of arrest' : null,
      ].filter((x) => x !== null);
      return `Order varied (${what.length > 0 ? what.join(', ') : 'no field changed'})${d.reason ? `: ${d.reason}` : ''}`;
    }
    case 'orderExtended': {
      const d = data as E.OrderExtendedData;
      return `Order extended ${d.expiresAt ? `until ${d.expiresAt.slice(0, 10)}` : 'until further order'}`;
    }
    case 'orderDischarged':
      return `Order discharged${(data as E.OrderEndedData).reason ? `: ${(data as E.OrderEndedData).reason}` : ''}`;
    case 'orderRevoked':
      return `Order revoked${(data as E.OrderEndedData).reason ? `: ${(data as E.OrderEndedData).reason}` : ''}`;
    case 'courtBailGranted': {
      const d = data as E.CourtBailGrantedData;
      return `Court bail granted by ${d.court.name} with ${d.conditions.length} condition(s)${d.nextHearingOn ? `; next hearing ${d.nextHearingOn}` : ''}`;
    }
    case 'courtBailVaried':
      return 'Court bail varied';
    case 'courtBailRevoked':
      return 'Court bail revoked';
    case 'remandedInCustody':
      return `Remanded in custody by ${(data as E.RemandedData).court.name}`;
    case 'hearingListed': {
      const d = data as E.HearingListedData;
      return `${d.hearingType} listed at ${d.court.name} for ${d.listedFor}`;
    }
    case 'hearingOutcome':
      return `Hearing outcome: ${(data as E.HearingOutcomeData).outcome}`;
    case 'sentencePassed':
      return `Sentenced: ${(data as E.SentencePassedData).sentence}`;
    case 'incidentReported': {
      const d = data as E.IncidentReportedData;
      return `Incident ${d.crimeReference} reported${d.domesticAbuse ? ' (domestic abuse)' : ''}: ${offences(d.offences)}`;
    }
    case 'riskAssessed': {
      const d = data as E.RiskAssessedData;
      return `${d.tool} risk assessment ${d.assessmentRef}: ${d.level}`;
    }
    case 'suspectArrested':
      return `${name((data as E.SuspectEventData).suspect)} arrested`;
    case 'voluntaryAttendance':
      return `${name((data as E.SuspectEventData).suspect)} interviewed under voluntary attendance (no bail possible)`;
    case 'preChargeBailGranted': {
      const d = data as E.PreChargeBailGrantedData;
      return `Pre-charge bail to ${d.returnOn} ${d.conditions === null ? '(conditions not stated)' : `with ${d.conditions.length} condition(s)`}; victim's views ${d.victimViewsSought ? 'taken' : 'not taken'}`;
    }
    case 'preChargeBailVaried':
      return 'Pre-charge bail varied';
    case 'preChargeBailCancelled':
      return 'Pre-charge bail cancelled';
    case 'releasedUnderInvestigation':
      return `${name((data as E.ReleasedUnderInvestigationData).suspect)} released under investigation`;
    case 'dvpnIssued': {
      const d = data as E.DvpnIssuedData;
      const type = d.noticeType ?? 'DVPN';
      return `${type} ${d.noticeRef} issued on the authority of a ${d.authorisingRank}, ${type === 'DAPN' ? 'given' : 'served'} ${d.servedAt}`;
    }
    case 'dvpoApplied': {
      const d = data as E.DvpoAppliedData;
      return `Protection order (DVPO / DAPO) applied for at ${d.court.name}${d.hearingAt ? `, hearing ${d.hearingAt}` : ', hearing not yet listed'}`;
    }
    case 'breachReported': {
      const d = data as E.BreachReportedData;
      return `Breach of ${d.breached.kind.toLowerCase()} ${d.breached.reference} reported: ${d.description}`;
    }
    case 'breachOutcomeRecorded': {
      const d = data as E.BreachOutcomeRecordedData;
      return `Breach ${d.breachRef}: ${BREACH_OUTCOME_WORDS[d.outcome]}${d.reason ? ` (${d.reason})` : ''}`;
    }
    case 'referredToCps': {
      const d = data as E.ReferredToCpsData;
      return `Referred to CPS for a charging decision (bail status: ${d.bailStatus}): ${offences(d.offences)}`;
    }
    case 'maracReferral':
      return `Referred to MARAC (${(data as E.MaracReferralData).riskLevel} risk)`;
    case 'dvdsDisclosure': {
      const d = data as E.DvdsDisclosureData;
      return `DVDS disclosure (${d.route === 'RIGHT_TO_ASK' ? 'right to ask' : 'right to know'})`;
    }
    case 'personLinkDecided': {
      const d = data as E.PersonLinkDecidedData;
      const words = {
        SAME_PERSON: 'the same person',
        DIFFERENT_PEOPLE: 'different people',
        UNDECIDED: 'undecided again',
      };
      return `Person records reviewed: ${words[d.decision]}`;
    }
    case 'cpsReferralReceived':
      return `Referral received by CPS on ${(data as E.CpsReferralReceivedData).receivedOn}`;
    case 'chargingDecision': {
      const d = data as E.ChargingDecisionData;
      return `Charging decision: ${d.decision}${d.charges.length > 0 ? ` (${offences(d.charges)})` : ''}`;
    }
    case 'actionPlanIssued': {
      const d = data as E.ActionPlanIssuedData;
      return `Action plan ${d.actionPlanRef} issued (${d.actions.length} action(s))${d.dueOn ? `, due ${d.dueOn}` : ''}`;
    }
    case 'actionPlanCompleted':
      return `Action plan ${(data as E.ActionPlanCompletedData).actionPlanRef} completed`;
    case 'timeLimitMarked':
      return `Statutory time limit marked: ${(data as E.TimeLimitMarkedData).timeLimitOn}`;
  }
}
