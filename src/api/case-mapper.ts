import { type BreachRecord, breachEnforced } from '../domain/course-of-conduct';
import {
  type AlertRecord,
  type BailRecord,
  type CaseRecordView,
  type DeadlineView,
  type NoticeRecord,
  type PersonAssertionRecord,
} from '../domain/read-records';
import { type OffenceData } from '../domain/canonical-events';
import {
  type AlertGql,
  type BailGql,
  type BreachGql,
  type CaseGql,
  type DeadlineGql,
  type DeadlineStatusGql,
  type IncidentGql,
  type NoticeGql,
  type OffenceGql,
  type PersonAssertionGql,
  type RiskAssessmentGql,
} from './types';

const date = (value: string | null) => (value === null ? null : new Date(value));
const offence = (o: OffenceData): OffenceGql => ({
  code: o.code,
  description: o.description,
  modeOfTrial: o.modeOfTrial,
  committedOn: o.committedOn,
});
const results = (list: { code: string; text: string }[]) => list.map((r) => `${r.code}: ${r.text}`);

export function toCaseGql(c: CaseRecordView): CaseGql {
  const d = c.detail;
  return {
    id: c.caseId,
    urn: c.caseUrn,
    policeArea: c.policeArea,
    domesticAbuse: c.domesticAbuse,
    stage: c.stage,
    references: d.references,
    parties: c.parties,
    incidents: incidentsOf(c),
    riskAssessments: riskAssessmentsOf(c),
    custody: d.custody.map((e) => ({ ...e, at: date(e.at) })),
    referrals: d.referrals.map((r) => ({ ...r, sentAt: date(r.sentAt), offences: r.offences.map(offence) })),
    decisions: d.decisions.map((x) => ({ ...x, charges: x.charges.map(offence) })),
    actionPlans: d.actionPlans.map((p) => ({
      reference: p.actionPlanRef,
      actions: p.actions,
      dueOn: p.dueOn,
      completedOn: p.completedOn,
    })),
    hearings: d.hearings.map((h) => ({
      reference: h.hearingRef,
      listedFor: date(h.listedFor),
      hearingType: h.hearingType,
      court: h.court,
      outcome: h.outcome,
      results: results(h.results),
    })),
    sentences: d.sentences.map((x) => ({
      eventId: x.eventId,
      sentence: x.sentence,
      results: results(x.results),
    })),
    maracReferrals: d.maracReferrals.map((m) => ({
      eventId: m.eventId,
      riskLevel: m.riskLevel,
      meetingOn: m.meetingOn,
    })),
    timeLimitMarkedOn: d.timeLimitMarkedOn,
    conflicts: d.conflicts ?? [],
  };
}

export function incidentsOf(c: CaseRecordView): IncidentGql[] {
  return c.detail.incidents.map((i) => ({
    ...i,
    caseUrn: c.caseUrn,
    reportedAt: date(i.reportedAt),
    offences: i.offences.map(offence),
  }));
}

export function riskAssessmentsOf(c: CaseRecordView): (RiskAssessmentGql & { victimId: string })[] {
  return c.detail.riskAssessments.map((r) => ({ ...r, caseUrn: c.caseUrn }));
}

type CaseIncident = CaseRecordView['detail']['incidents'][number];
type CaseRisk = CaseRecordView['detail']['riskAssessments'][number];

export function toIncidentGql({
  incident,
  caseUrn,
}: {
  incident: CaseIncident;
  caseUrn: string;
}): IncidentGql {
  return {
    ...incident,
    caseUrn,
    reportedAt: date(incident.reportedAt),
    offences: incident.offences.map(offence),
  };
}

export function toRiskAssessmentGql({
  risk,
  caseUrn,
}: {
  risk: CaseRisk;
  caseUrn: string;
}): RiskAssessmentGql {
  return { ...risk, caseUrn };
}

export function toBailGql(b: BailRecord): BailGql {
  return {
    id: b.bailId,
    reference: b.bailRef,
    kind: b.kind,
    status: b.status,
    caseUrn: b.caseUrn,
    policeArea: b.policeArea,
    conditions: b.conditions,
    returnOn: b.returnOn,
    bailedOn: b.bailedOn,
    authorisedBy: b.authorisedBy,
    victimViewsSought: b.victimViewsSought,
    courtName: b.courtName,
    endedReason: b.endedReason,
    breachReferences: b.breachRefs,
  };
}

export function toNoticeGql(n: NoticeRecord): NoticeGql {
  return {
    id: n.noticeId,
    reference: n.noticeRef,
    noticeType: n.noticeType,
    policeArea: n.policeArea,
    caseUrn: n.caseUrn,
    perpetratorId: n.perpetratorId,
    authorisingRank: n.authorisingRank,
    authorisedAt: new Date(n.authorisedAt),
    servedAt: new Date(n.servedAt),
    conditions: n.conditions,
    dvpoApplication: n.dvpoApplication
      ? { court: n.dvpoApplication.court.name, hearingAt: date(n.dvpoApplication.hearingAt) }
      : null,
  };
}

export function toDeadlineGql(d: DeadlineView): DeadlineGql {
  return {
    id: d.deadlineId,
    rule: d.ruleId,
    description: d.description,
    citation: d.citation,
    verified: d.verified,
    dueOn: d.dueOn,
    dueAt: d.dueAt,
    status: d.status as DeadlineStatusGql,
    subjectRef: d.subjectRef,
    policeArea: d.policeArea,
  };
}

export function toAlertGql(a: AlertRecord): AlertGql {
  return {
    id: a.alertId,
    kind: a.kind,
    message: a.message,
    citation: a.citation,
    policeArea: a.policeArea,
    subjectRef: a.subjectRef,
    raisedBy: a.raisedBy,
    raisedAt: a.raisedAt,
  };
}

export function toAssertionGql(a: PersonAssertionRecord): PersonAssertionGql {
  return {
    eventId: a.eventId,
    source: a.source,
    role: a.role,
    givenName: a.givenName,
    familyName: a.familyName,
    dateOfBirth: a.dateOfBirth,
    pncId: a.pncId,
    croNumber: a.croNumber,
    postcode: a.address?.postcode ?? null,
    addressConfidential: a.addressConfidential,
    assertedAt: a.assertedAt,
    receivedAt: a.receivedAt,
  };
}

export function toBreachGql(b: BreachRecord): BreachGql {
  return {
    id: b.breachId,
    reference: b.breachRef,
    policeArea: b.policeArea,
    breachedKind: b.breachedKind,
    breachedReference: b.breachedRef,
    caseUrn: b.caseUrn,
    perpetratorId: b.perpetratorId,
    victimId: b.victimId,
    crimeReference: b.crimeReference,
    description: b.description,
    occurredAt: b.occurredAt,
    reportedAt: b.reportedAt,
    reportedBy: b.reportedBy,
    outcome: b.outcomes[b.outcomes.length - 1]?.outcome ?? null,
    outcomes: b.outcomes,
    enforced: breachEnforced(b),
  };
}
