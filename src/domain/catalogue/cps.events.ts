import { Type } from '@sinclair/typebox';
import { defineEvent } from './event-definition';
import { CaseUrn, CivilDate, NonEmpty, Nullable, Offence, PoliceArea } from './schema-parts';

const closed = { additionalProperties: false } as const;

export const CHARGING_DECISIONS = [
  'CHARGE',
  'NO_FURTHER_ACTION',
  'ACTION_PLAN',
  'CONDITIONAL_CAUTION',
  'THRESHOLD_TEST',
] as const;

export const cpsReferralReceived = defineEvent({
  name: 'cpsReferralReceived',
  type: 'uk.shieldline.cps.referral.received.v1',
  agency: 'cps',
  title: 'Referral received by CPS',
  description: 'The CPS received the police referral; the time limits are computed from it.',
  subject: 'the case URN',
  subjectField: 'caseUrn',
  data: Type.Object(
    {
      caseUrn: CaseUrn,
      policeArea: PoliceArea,
      cpsCaseId: Nullable(Type.String(), 'CPS case management system id, when different from the URN'),
      receivedOn: CivilDate(),
    },
    closed,
  ),
});

export const chargingDecision = defineEvent({
  name: 'chargingDecision',
  type: 'uk.shieldline.cps.charging-decision.made.v1',
  agency: 'cps',
  title: 'Charging decision',
  description: 'Charge / no further action / action plan / conditional caution / threshold test.',
  subject: 'the case URN',
  subjectField: 'caseUrn',
  data: Type.Object(
    {
      caseUrn: CaseUrn,
      policeArea: PoliceArea,
      decision: Type.Union(CHARGING_DECISIONS.map((d) => Type.Literal(d))),
      decidedOn: CivilDate(),
      charges: Type.Array(Offence),
      reason: Nullable(Type.String()),
    },
    closed,
  ),
});

export const actionPlanIssued = defineEvent({
  name: 'actionPlanIssued',
  type: 'uk.shieldline.cps.action-plan.issued.v1',
  agency: 'cps',
  title: 'Action plan issued',
  description: 'The CPS asked the police for further work before deciding.',
  subject: 'the case URN',
  subjectField: 'caseUrn',
  data: Type.Object(
    {
      caseUrn: CaseUrn,
      policeArea: PoliceArea,
      actionPlanRef: NonEmpty(),
      actions: Type.Array(NonEmpty(), { minItems: 1 }),
      dueOn: Nullable(CivilDate()),
    },
    closed,
  ),
});

export const actionPlanCompleted = defineEvent({
  name: 'actionPlanCompleted',
  type: 'uk.shieldline.cps.action-plan.completed.v1',
  agency: 'cps',
  title: 'Action plan completed',
  description: 'The police completed the action plan and returned the file.',
  subject: 'the case URN',
  subjectField: 'caseUrn',
  data: Type.Object(
    { caseUrn: CaseUrn, policeArea: PoliceArea, actionPlanRef: NonEmpty(), completedOn: CivilDate() },
    closed,
  ),
});

export const timeLimitMarked = defineEvent({
  name: 'timeLimitMarked',
  type: 'uk.shieldline.cps.time-limit.marked.v1',
  agency: 'cps',
  title: 'Time limit marked',
  description: 'The CPS marked the case file with its statutory time limit.',
  subject: 'the case URN',
  subjectField: 'caseUrn',
  data: Type.Object(
    { caseUrn: CaseUrn, policeArea: PoliceArea, timeLimitOn: CivilDate(), offences: Type.Array(Offence) },
    closed,
  ),
});

export const CPS_EVENTS = [
  cpsReferralReceived,
  chargingDecision,
  actionPlanIssued,
  actionPlanCompleted,
  timeLimitMarked,
] as const;
