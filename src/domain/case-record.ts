import type * as E from './canonical-events';
import { type FieldConflict } from './field-conflicts';

/** What the case projection keeps about one case: every agency's assertions as lists, never overwritten. */
export type CaseReferenceKind = 'CRIME_REFERENCE' | 'CPS_CASE_ID' | 'COURT_CASE_NUMBER';

export interface CaseDetail {
  references: { kind: CaseReferenceKind; value: string; agency: string; eventId: string }[];
  incidents: {
    eventId: string;
    crimeReference: string;
    reportedAt: string | null;
    domesticAbuse: boolean;
    offences: E.OffenceData[];
    victimId: string;
    suspectId: string | null;
  }[];
  riskAssessments: {
    eventId: string;
    assessmentRef: string;
    tool: string;
    level: string;
    assessedOn: string;
    victimId: string;
  }[];
  custody: { eventId: string; kind: string; at: string | null; personId: string; court: string | null }[];
  referrals: {
    eventId: string;
    sentAt: string | null;
    bailStatus: E.ReferredToCpsData['bailStatus'];
    riskAssessmentRef: string | null;
    offences: E.OffenceData[];
  }[];
  cpsReceipts: { eventId: string; receivedOn: string; cpsCaseId: string | null }[];
  decisions: {
    eventId: string;
    decision: E.ChargingDecisionData['decision'];
    decidedOn: string;
    charges: E.OffenceData[];
    reason: string | null;
  }[];
  actionPlans: {
    actionPlanRef: string;
    issuedEventId: string | null;
    actions: string[];
    dueOn: string | null;
    completedOn: string | null;
  }[];
  hearings: {
    hearingRef: string;
    listedFor: string | null;
    hearingType: string | null;
    court: string | null;
    outcome: string | null;
    results: { code: string; text: string }[];
  }[];
  sentences: { eventId: string; sentence: string; results: { code: string; text: string }[] }[];
  maracReferrals: { eventId: string; riskLevel: string; meetingOn: string | null; victimId: string }[];
  timeLimitMarkedOn: string | null;
  /** Police-perpetrated DA: the accused officer's force (DAC:1394); null otherwise. */
  accusedForce: string | null;
  /**
   * Fields on which two sources' latest assertions disagree (docs/versions-and-conflicts.md): the police
   * area, and each hearing's listing. Absent on cases projected before conflicts were kept (none shown).
   */
  conflicts?: FieldConflict[];
}
