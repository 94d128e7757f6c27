import { GraphQLDateTime, GraphQLLocalDate } from 'graphql-scalars';
import { Field, ID, Int, ObjectType } from 'type-graphql';

@ObjectType('BreachOutcome', {
  description: 'One thing the force did about a breach, in the order it happened.',
})
export class BreachOutcomeGql {
  @Field({
    description: 'ARRESTED, CHARGED, SUMMONSED, CAUTIONED, NO_FURTHER_ACTION or OTHER.',
  })
  outcome!: string;
  @Field(() => String, { nullable: true, description: 'null ⇒ no reason given.' }) reason!: string | null;
  @Field(() => GraphQLDateTime, { nullable: true, description: 'null when the source gave no time.' })
  at!: Date | null;
}

@ObjectType('Breach', {
  description:
    'A reported breach of an order, bail or notice: what was breached, by whom, against whom, when, who ' +
    'reported it and what the force did (DAC:739).',
})
export class BreachGql {
  @Field(() => ID) id!: string;
  @Field({ description: 'The force’s breach reference.' }) reference!: string;
  @Field() policeArea!: string;
  @Field({ description: 'ORDER, BAIL or NOTICE.' }) breachedKind!: string;
  @Field({ description: 'Reference of the order, bail or notice breached.' }) breachedReference!: string;
  @Field(() => String, { nullable: true }) caseUrn!: string | null;
  @Field(() => ID) perpetratorId!: string;
  @Field(() => ID, { nullable: true, description: 'null ⇒ the report did not name who it was against.' })
  victimId!: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'Crime reference of the breach; null ⇒ none recorded.',
  })
  crimeReference!: string | null;
  @Field() description!: string;
  @Field(() => GraphQLDateTime, { nullable: true, description: 'When it happened; null ⇒ not stated.' })
  occurredAt!: Date | null;
  @Field(() => GraphQLDateTime, { nullable: true, description: 'When it was reported; null ⇒ not stated.' })
  reportedAt!: Date | null;
  @Field(() => String, {
    nullable: true,
    description: 'VICTIM, THIRD_PARTY, OFFICER or OTHER; null ⇒ not stated.',
  })
  reportedBy!: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'The latest outcome; null ⇒ none recorded yet (not the same as NO_FURTHER_ACTION).',
  })
  outcome!: string | null;
  @Field(() => [BreachOutcomeGql]) outcomes!: BreachOutcomeGql[];
  @Field({ description: 'Whether an arrest, charge, summons or caution has been recorded for it.' })
  enforced!: boolean;
}

@ObjectType('ConductEntry', { description: 'One thing in the history between a perpetrator and a victim.' })
export class ConductEntryGql {
  @Field({ description: 'INCIDENT, BREACH, ORDER, BAIL, NOTICE or RISK_ASSESSMENT.' }) kind!: string;
  @Field(() => GraphQLDateTime, {
    nullable: true,
    description: 'When it happened; null when the source gave only a date (see `on`) or nothing.',
  })
  at!: Date | null;
  @Field(() => GraphQLLocalDate, { nullable: true, description: 'The day, when the source gave no time.' })
  on!: string | null;
  @Field() reference!: string;
  @Field(() => String, { nullable: true }) policeArea!: string | null;
  @Field() summary!: string;
  @Field(() => String, { nullable: true, description: 'STANDARD, MEDIUM or HIGH, for a risk assessment.' })
  riskLevel!: string | null;
}

@ObjectType('ConductCounts', { description: 'How many of each, among what the caller may read.' })
export class ConductCountsGql {
  @Field(() => Int) incidents!: number;
  @Field(() => Int) breaches!: number;
  @Field(() => Int, { description: 'Breaches with no arrest, charge, summons or caution recorded.' })
  breachesNotEnforced!: number;
  @Field(() => Int) orders!: number;
  @Field(() => Int) bail!: number;
  @Field(() => Int) notices!: number;
  @Field(() => Int) riskAssessments!: number;
}

@ObjectType('ConductEscalation', {
  description:
    'Whether the pattern is getting worse (docs/course-of-conduct.md): a prompt to look, not a risk score.',
})
export class ConductEscalationGql {
  @Field(() => Int, { description: 'Length of each comparison window.' }) windowDays!: number;
  @Field(() => Int, { description: 'Incidents and breaches in the last window.' })
  recentIncidentsAndBreaches!: number;
  @Field(() => Int, { description: 'Incidents and breaches in the window before it.' })
  previousIncidentsAndBreaches!: number;
  @Field({ description: 'At least two in the last window, and more than in the one before.' })
  frequencyRising!: boolean;
  @Field(() => String, { nullable: true }) firstRiskLevel!: string | null;
  @Field(() => String, { nullable: true }) latestRiskLevel!: string | null;
  @Field({ description: 'The latest risk level is higher than the first.' }) riskRising!: boolean;
  @Field(() => Int, { description: 'Breaches on or after the first order or notice protecting the victim.' })
  breachesOfProtection!: number;
  @Field(() => Int, {
    description: 'Breaches with no arrest, charge, summons or caution recorded (DAC:739).',
  })
  breachesNotEnforced!: number;
  @Field({ description: 'frequencyRising, riskRising, or two or more breaches of protection.' })
  escalating!: boolean;
}

@ObjectType('CourseOfConduct', {
  description:
    'A perpetrator–victim pair over time: incidents, breaches, orders, bail, notices and risk, with counts ' +
    'and escalation (DAC:438, DAC:739). Holds only what the caller may read; each part is audited.',
})
export class CourseOfConductGql {
  @Field(() => ID) perpetratorId!: string;
  @Field(() => ID) victimId!: string;
  @Field(() => GraphQLDateTime, { description: 'The instant the escalation windows end.' }) asOf!: Date;
  @Field(() => [ConductEntryGql], { description: 'Oldest first.' }) entries!: ConductEntryGql[];
  @Field(() => ConductCountsGql) counts!: ConductCountsGql;
  @Field(() => ConductEscalationGql) escalation!: ConductEscalationGql;
}
