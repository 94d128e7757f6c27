import { GraphQLDateTime, GraphQLLocalDate } from 'graphql-scalars';
import { Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { CaseConflictGql } from './conflict.type';
import { OrderConditionGql } from './order.type';

@ObjectType('Offence', { description: 'One offence as an agency recorded it.' })
export class OffenceGql {
  @Field({ description: 'CJS offence code.' }) code!: string;
  @Field() description!: string;
  @Field({ description: 'SUMMARY_ONLY, EITHER_WAY or INDICTABLE_ONLY.' }) modeOfTrial!: string;
  @Field(() => GraphQLLocalDate, { nullable: true }) committedOn!: string | null;
}

@ObjectType('CaseReference', { description: "One agency's reference for the case; all are kept." })
export class CaseReferenceGql {
  @Field({ description: 'CRIME_REFERENCE, CPS_CASE_ID or COURT_CASE_NUMBER.' }) kind!: string;
  @Field() value!: string;
  @Field({ description: 'court, police or cps.' }) agency!: string;
  @Field(() => ID, { description: 'Event that asserted it.' }) eventId!: string;
}

@ObjectType('CaseParty', { description: 'A person in a case and their role.' })
export class CasePartyGql {
  @Field(() => ID) personId!: string;
  @Field({ description: 'victim, suspect, defendant, perpetrator, respondent, protected…' }) role!: string;
}

@ObjectType('Incident', { description: 'A reported incident with every offence recorded.' })
export class IncidentGql {
  @Field(() => ID) eventId!: string;
  @Field() caseUrn!: string;
  @Field() crimeReference!: string;
  @Field(() => GraphQLDateTime, { nullable: true, description: 'null when the source gave no time.' })
  reportedAt!: Date | null;
  @Field() domesticAbuse!: boolean;
  @Field(() => [OffenceGql]) offences!: OffenceGql[];
  @Field(() => ID) victimId!: string;
  @Field(() => ID, { nullable: true }) suspectId!: string | null;
}

@ObjectType('RiskAssessment', { description: 'One DASH / DARA assessment; history is kept, not one value.' })
export class RiskAssessmentGql {
  @Field(() => ID) eventId!: string;
  @Field() caseUrn!: string;
  @Field() assessmentRef!: string;
  @Field({ description: 'DASH or DARA.' }) tool!: string;
  @Field({ description: 'STANDARD, MEDIUM or HIGH.' }) level!: string;
  @Field(() => GraphQLLocalDate) assessedOn!: string;
}

@ObjectType('CustodyEvent', { description: 'Arrest, voluntary attendance, RUI or remand.' })
export class CustodyEventGql {
  @Field(() => ID) eventId!: string;
  @Field({
    description: 'ARRESTED, VOLUNTARY_ATTENDANCE, RELEASED_UNDER_INVESTIGATION or REMANDED_IN_CUSTODY.',
  })
  kind!: string;
  @Field(() => GraphQLDateTime, { nullable: true }) at!: Date | null;
  @Field(() => ID) personId!: string;
  @Field(() => String, { nullable: true }) court!: string | null;
}

@ObjectType('CpsReferral', { description: 'A police request for a charging decision.' })
export class CpsReferralGql {
  @Field(() => ID) eventId!: string;
  @Field(() => GraphQLDateTime, { nullable: true }) sentAt!: Date | null;
  @Field({ description: 'Always stated; NOT_STATED is raised as an alert (DAC:640).' }) bailStatus!: string;
  @Field(() => String, { nullable: true }) riskAssessmentRef!: string | null;
  @Field(() => [OffenceGql]) offences!: OffenceGql[];
}

@ObjectType('ChargingDecision', { description: 'A CPS charging decision.' })
export class ChargingDecisionGql {
  @Field(() => ID) eventId!: string;
  @Field({ description: 'CHARGE, NO_FURTHER_ACTION, ACTION_PLAN, CONDITIONAL_CAUTION or THRESHOLD_TEST.' })
  decision!: string;
  @Field(() => GraphQLLocalDate) decidedOn!: string;
  @Field(() => [OffenceGql]) charges!: OffenceGql[];
  @Field(() => String, { nullable: true }) reason!: string | null;
}

@ObjectType('ActionPlan', { description: 'Further work the CPS asked of the police.' })
export class ActionPlanGql {
  @Field() reference!: string;
  @Field(() => [String]) actions!: string[];
  @Field(() => GraphQLLocalDate, { nullable: true }) dueOn!: string | null;
  @Field(() => GraphQLLocalDate, { nullable: true }) completedOn!: string | null;
}

@ObjectType('Hearing', { description: 'A listed hearing and, once known, its outcome.' })
export class HearingGql {
  @Field() reference!: string;
  @Field(() => GraphQLDateTime, { nullable: true }) listedFor!: Date | null;
  @Field(() => String, { nullable: true }) hearingType!: string | null;
  @Field(() => String, { nullable: true }) court!: string | null;
  @Field(() => String, { nullable: true }) outcome!: string | null;
  @Field(() => [String], { description: 'Coded results as "code: text".' }) results!: string[];
}

@ObjectType('Sentence', { description: 'A sentence as pronounced.' })
export class SentenceGql {
  @Field(() => ID) eventId!: string;
  @Field() sentence!: string;
  @Field(() => [String]) results!: string[];
}

@ObjectType('MaracReferral', { description: 'A referral to a multi-agency risk assessment conference.' })
export class MaracReferralGql {
  @Field(() => ID) eventId!: string;
  @Field() riskLevel!: string;
  @Field(() => GraphQLLocalDate, { nullable: true }) meetingOn!: string | null;
}

@ObjectType('Case', { description: 'One criminal case, keyed by the police URN shared with CPS and courts.' })
export class CaseGql {
  @Field(() => ID) id!: string;
  @Field(() => GraphQLDateTime, {
    nullable: true,
    description:
      'Set when this answers asKnownAt: the instant it shows the record as the hub then held it ' +
      '(docs/as-known-at.md); null for today’s record.',
  })
  asKnownAt?: Date | null;

  @Field({ description: 'Police URN.' }) urn!: string;
  @Field(() => String, { nullable: true }) policeArea!: string | null;
  @Field(() => Boolean, { nullable: true, description: 'null until an incident says.' })
  domesticAbuse!: boolean | null;
  @Field({ description: 'UNDER_INVESTIGATION, REFERRED_TO_CPS, WITH_CPS, CHARGED, …, SENTENCED.' })
  stage!: string;
  @Field(() => [CaseReferenceGql]) references!: CaseReferenceGql[];
  @Field(() => [CasePartyGql]) parties!: CasePartyGql[];
  @Field(() => [IncidentGql]) incidents!: IncidentGql[];
  @Field(() => [RiskAssessmentGql], { description: 'Oldest first.' }) riskAssessments!: RiskAssessmentGql[];
  @Field(() => [CustodyEventGql]) custody!: CustodyEventGql[];
  @Field(() => [CpsReferralGql]) referrals!: CpsReferralGql[];
  @Field(() => [ChargingDecisionGql]) decisions!: ChargingDecisionGql[];
  @Field(() => [ActionPlanGql]) actionPlans!: ActionPlanGql[];
  @Field(() => [HearingGql]) hearings!: HearingGql[];
  @Field(() => [SentenceGql]) sentences!: SentenceGql[];
  @Field(() => [MaracReferralGql]) maracReferrals!: MaracReferralGql[];
  @Field(() => GraphQLLocalDate, { nullable: true, description: 'Statutory time limit as marked by CPS.' })
  timeLimitMarkedOn!: string | null;
  @Field(() => [CaseConflictGql], {
    description:
      'Fields on which the agencies’ systems disagree about this case (e.g. two police areas); empty when they agree.',
  })
  conflicts!: CaseConflictGql[];
}

@ObjectType('DvpoApplication', { description: 'The application to court that follows a DVPN.' })
export class DvpoApplicationGql {
  @Field() court!: string;
  @Field(() => GraphQLDateTime, { nullable: true, description: 'null until listed.' })
  hearingAt!: Date | null;
}

@ObjectType('Notice', { description: 'A domestic violence protection notice (DVPN).' })
export class NoticeGql {
  @Field(() => ID) id!: string;
  @Field() reference!: string;
  @Field({ description: 'DVPN (Crime and Security Act 2010 s.24) or DAPN (Domestic Abuse Act 2021 s.22).' })
  noticeType!: string;
  @Field() policeArea!: string;
  @Field(() => String, { nullable: true }) caseUrn!: string | null;
  @Field(() => ID) perpetratorId!: string;
  @Field() authorisingRank!: string;
  @Field(() => GraphQLDateTime) authorisedAt!: Date;
  @Field(() => GraphQLDateTime) servedAt!: Date;
  @Field(() => [OrderConditionGql]) conditions!: OrderConditionGql[];
  @Field(() => DvpoApplicationGql, { nullable: true }) dvpoApplication!: DvpoApplicationGql | null;
}

@ObjectType('Bail', { description: 'Pre-charge (police) or court bail with its conditions.' })
export class BailGql {
  @Field(() => ID) id!: string;
  @Field() reference!: string;
  @Field({ description: 'PRE_CHARGE or COURT.' }) kind!: string;
  @Field({ description: 'ACTIVE, CANCELLED or REVOKED.' }) status!: string;
  @Field(() => String, { nullable: true }) caseUrn!: string | null;
  @Field(() => String, { nullable: true }) policeArea!: string | null;
  @Field(() => [OrderConditionGql], {
    nullable: true,
    description:
      'null: the bail record did not state its conditions; an empty list: bail without conditions.',
  })
  conditions!: OrderConditionGql[] | null;
  @Field(() => GraphQLLocalDate, { nullable: true, description: 'Answer-bail date, or next hearing.' })
  returnOn!: string | null;
  @Field(() => GraphQLLocalDate, { nullable: true }) bailedOn!: string | null;
  @Field(() => String, { nullable: true }) authorisedBy!: string | null;
  @Field(() => Boolean, { nullable: true, description: "Whether the victim's views were taken (DAC:608)." })
  victimViewsSought!: boolean | null;
  @Field(() => String, { nullable: true }) courtName!: string | null;
  @Field(() => String, { nullable: true }) endedReason!: string | null;
  @Field(() => [String], { description: 'References of breaches reported against this bail.' })
  breachReferences!: string[];
}

export enum DeadlineStatusGql {
  MET = 'MET',
  RUNNING = 'RUNNING',
  DUE_TODAY = 'DUE_TODAY',
  OVERDUE = 'OVERDUE',
}
registerEnumType(DeadlineStatusGql, {
  name: 'DeadlineStatus',
  description: 'Computed at query time (Europe/London days).',
});

@ObjectType('Deadline', { description: 'A clock the hub keeps, with the rule and its source.' })
export class DeadlineGql {
  @Field(() => ID) id!: string;
  @Field({ description: 'Rule id, e.g. JJP_CHARGING_DECISION_10_WORKING_DAYS.' }) rule!: string;
  @Field() description!: string;
  @Field({ description: 'Where the rule comes from.' }) citation!: string;
  @Field({ description: 'false: the value is not in the source documents; check before relying on it.' })
  verified!: boolean;
  @Field(() => GraphQLLocalDate, { nullable: true }) dueOn!: string | null;
  @Field(() => GraphQLDateTime, { nullable: true, description: 'For hour-based clocks (DVPN 48 h).' })
  dueAt!: Date | null;
  @Field(() => DeadlineStatusGql) status!: DeadlineStatusGql;
  @Field({ description: 'Order, bail, notice reference or case URN.' }) subjectRef!: string;
  @Field(() => String, { nullable: true }) policeArea!: string | null;
}

export enum DeadlineChangeGql {
  DUE_SOON = 'DUE_SOON',
  DUE = 'DUE',
  OVERDUE = 'OVERDUE',
}
registerEnumType(DeadlineChangeGql, {
  name: 'DeadlineChange',
  description:
    'A clock’s transition: DUE_SOON (its lead time before due), DUE (a day clock’s last day begins), ' +
    'OVERDUE (the last day has passed; an hour clock’s instant has come). For ORDER_EXPIRY, OVERDUE is ' +
    'the order ending.',
});

@ObjectType('DeadlineChanged', { description: 'A clock reached one of its transitions.' })
export class DeadlineChangedGql {
  @Field(() => DeadlineChangeGql) change!: DeadlineChangeGql;
  @Field(() => GraphQLDateTime, { description: 'When the clock reached it.' }) at!: Date;
  @Field(() => DeadlineGql, { description: 'The clock as it stands now.' }) deadline!: DeadlineGql;
}

@ObjectType('Alert', { description: 'Something to act on, raised by an event, with its source.' })
export class AlertGql {
  @Field(() => ID) id!: string;
  @Field({ description: 'e.g. BREACH_OF_ORDER, REFERRAL_WITHOUT_BAIL_CONDITIONS, RUI_IN_DA_CASE.' })
  kind!: string;
  @Field() message!: string;
  @Field(() => String, { nullable: true }) citation!: string | null;
  @Field(() => String, { nullable: true }) policeArea!: string | null;
  @Field({ description: 'Order, bail, notice reference or case URN.' }) subjectRef!: string;
  @Field(() => ID) raisedBy!: string;
  @Field(() => GraphQLDateTime, { nullable: true }) raisedAt!: Date | null;
}

@ObjectType('PersonAssertion', {
  description: 'What one source said about a person. All are kept, so conflicts stay visible.',
})
export class PersonAssertionGql {
  @Field(() => ID) eventId!: string;
  @Field({ description: 'Connector the assertion came through.' }) source!: string;
  @Field() role!: string;
  @Field() givenName!: string;
  @Field() familyName!: string;
  @Field(() => GraphQLLocalDate, { nullable: true }) dateOfBirth!: string | null;
  @Field(() => String, { nullable: true }) pncId!: string | null;
  @Field(() => String, { nullable: true }) croNumber!: string | null;
  @Field(() => String, {
    nullable: true,
    description:
      'Postcode of the asserted address: null unless the caller is entitled to addresses (a confidential ' +
      'one only within the record’s police area).',
  })
  postcode!: string | null;
  @Field() addressConfidential!: boolean;
  @Field(() => GraphQLDateTime, { nullable: true }) assertedAt!: Date | null;
  @Field(() => GraphQLDateTime) receivedAt!: Date;
}

@ObjectType('AssertedValue', { description: 'One of the values sources gave for a field, and who gave it.' })
export class AssertedValueGql {
  @Field({ description: 'As the first source to give it wrote it.' }) value!: string;
  @Field(() => [String], { description: 'Connectors that asserted this value.' }) sources!: string[];
}

@ObjectType('AssertionConflict', {
  description:
    'A field on which the sources disagree about this person (case and spacing aside). A value a source did ' +
    'not give is not a conflict; only what the caller may read is compared.',
})
export class AssertionConflictGql {
  @Field({ description: 'givenName, familyName, dateOfBirth, pncId, croNumber or postcode.' }) field!: string;
  @Field(() => [AssertedValueGql]) values!: AssertedValueGql[];
}

@ObjectType('Consultation', {
  description: 'One read of a record, from the hash-chained audit log (DPA 2018 s.62).',
})
export class ConsultationGql {
  @Field(() => GraphQLDateTime) at!: Date;
  @Field({ description: 'Token subject.' }) actor!: string;
  @Field() agency!: string;
  @Field(() => String, { nullable: true }) area!: string | null;
  @Field({ description: 'Purpose of use the request was made for.' }) purpose!: string;
  @Field({ description: 'What was asked, e.g. searchPeople, protectiveOrders, timeline, orderChanged.' })
  operation!: string;
  @Field({ description: 'READ: these records were returned. REFUSED: they were asked for and refused.' })
  outcome!: string;
  @Field(() => [String], { description: 'The records, e.g. order:<id>, bail:<id>, event:<id>, person:<id>.' })
  records!: string[];
  @Field(() => [String], { description: 'For a refusal, the rules that refused (e.g. PPDA_RESTRICTED).' })
  refusedBy!: string[];
}

@ObjectType('AggregateCell', {
  description:
    'One count for analysts. Never joinable to a person: no ids, months not days, and a count under 5 is ' +
    'suppressed (null), as UK official statistics do.',
})
export class AggregateCellGql {
  @Field() measure!: string;
  @Field(() => String, { nullable: true }) policeArea!: string | null;
  @Field(() => String, { nullable: true, description: 'YYYY-MM (Europe/London); null for a current state.' })
  month!: string | null;
  @Field({ description: 'Order type, case stage, charging decision or alert kind.' }) category!: string;
  @Field(() => Int, { nullable: true, description: 'null when suppressed.' }) count!: number | null;
  @Field() suppressed!: boolean;
}

@ObjectType('StageLatency', {
  description:
    'How long events from one source took to reach one stage, on this replica since it started: `projected` ' +
    'and `delivered` from acceptance, `accepted` from the source’s own time. Estimated from the hub’s ' +
    'histogram buckets as Prometheus does (linear inside a bucket); durations only, never a record.',
})
export class StageLatencyGql {
  @Field({ description: 'The connector the events came through.' }) source!: string;
  @Field({ description: 'accepted, projected or delivered.' }) stage!: string;
  @Field(() => Int, { description: 'Events observed.' }) count!: number;
  @Field(() => Float, { nullable: true, description: 'Median, in seconds.' }) p50!: number | null;
  @Field(() => Float, { nullable: true, description: '95th percentile, in seconds.' }) p95!: number | null;
  @Field(() => Float, {
    nullable: true,
    description: '99th percentile, in seconds (the highest bucket bound when it lies beyond the last).',
  })
  p99!: number | null;
}

@ObjectType('DeadLetter', { description: 'A rejected record, kept with its reason and original bytes.' })
export class DeadLetterGql {
  @Field(() => ID) id!: string;
  @Field() connector!: string;
  @Field() reasonCode!: string;
  @Field() message!: string;
  @Field(() => [String], { description: '"path: message" for every problem found.' }) problems!: string[];
  @Field(() => String, { nullable: true }) contentType!: string | null;
  @Field({ description: 'Original bytes, base64.' }) originalBase64!: string;
  @Field() truncated!: boolean;
  @Field(() => GraphQLDateTime) receivedAt!: Date;
  @Field(() => GraphQLDateTime, { nullable: true }) redrivenAt!: Date | null;
  @Field(() => String, { nullable: true }) redrivenBy!: string | null;
  @Field(() => String, { nullable: true }) redriveOutcome!: string | null;
}

@ObjectType('RedriveResult', { description: 'What re-driving a dead letter did.' })
export class RedriveResultGql {
  @Field({ description: 'ACCEPTED or REJECTED_AGAIN.' }) outcome!: string;
  @Field(() => [ID]) eventIds!: string[];
  @Field(() => ID, { nullable: true }) newDeadLetterId!: string | null;
}

@ObjectType('ReconciliationDifference', {
  description: 'One record a source and the hub disagree on.',
})
export class ReconciliationDifferenceGql {
  @Field({
    description:
      'MISSING (sent, not held), EXTRA (held, not in the manifest) or CHANGED (another version held).',
  })
  kind!: string;
  @Field({ description: "The source's own record id." }) sourceRecordId!: string;
  @Field(() => String, { nullable: true, description: 'The version the manifest names.' })
  sourceVersion!: string | null;
  @Field(() => String, { nullable: true, description: 'The latest version the hub holds.' })
  hubVersion!: string | null;
}

@ObjectType('ReconciliationRun', {
  description: "One comparison of a source's daily manifest with what the hub holds from it.",
})
export class ReconciliationRunGql {
  @Field(() => ID) id!: string;
  @Field() connector!: string;
  @Field(() => GraphQLLocalDate, { description: "The source's day (Europe/London)." }) day!: string;
  @Field(() => GraphQLDateTime) ranAt!: Date;
  @Field() ranBy!: string;
  @Field(() => Int) manifestRecords!: number;
  @Field(() => Int) matched!: number;
  @Field(() => Int) missing!: number;
  @Field(() => Int) extra!: number;
  @Field(() => Int) changed!: number;
  @Field(() => [ReconciliationDifferenceGql]) differences!: ReconciliationDifferenceGql[];
}
