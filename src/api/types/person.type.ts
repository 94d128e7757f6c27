import { ArgsType, Field, Float, ID, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLDateTime, GraphQLLocalDate } from 'graphql-scalars';
import { LINKAGE_FIELDS, type LinkageField } from '../../domain/linkage/comparisons';

export enum MatchBasisGql {
  PNC_ID = 'PNC_ID',
  CRO_NUMBER = 'CRO_NUMBER',
  NAME_AND_DATE_OF_BIRTH = 'NAME_AND_DATE_OF_BIRTH',
  NAME_ONLY = 'NAME_ONLY',
}
registerEnumType(MatchBasisGql, {
  name: 'MatchBasis',
  description: 'What a match rests on. NAME_ONLY is never confident (records lacking a date of birth).',
});

@ObjectType('Person', { description: 'A person known to the hub (respondent, suspect, protected person…).' })
export class PersonGql {
  @Field(() => ID) id!: string;
  @Field(() => GraphQLDateTime, {
    nullable: true,
    description:
      'Set when this answers asKnownAt: the instant it shows the record as the hub then held it ' +
      '(docs/as-known-at.md); null for today’s record.',
  })
  asKnownAt?: Date | null;

  @Field() givenName!: string;
  @Field() familyName!: string;
  @Field(() => GraphQLLocalDate, { nullable: true }) dateOfBirth!: string | null;
  @Field(() => String, { nullable: true, description: 'Police National Computer id.' }) pncId!: string | null;
  @Field(() => String, { nullable: true, description: 'Criminal Records Office number.' })
  croNumber!: string | null;
  /**
   * Not a field: records a reviewer confirmed are this person, set on a search hit, so that its orders
   * and bail are read for all of them (person.resolver.ts).
   */
  mergedIds?: string[];
}

export enum LinkVerdictGql {
  SAME_PERSON = 'SAME_PERSON',
  DIFFERENT_PEOPLE = 'DIFFERENT_PEOPLE',
  UNDECIDED = 'UNDECIDED',
}
registerEnumType(LinkVerdictGql, {
  name: 'LinkVerdict',
  description:
    'A reviewer’s decision on two person records: one person (merged in the officer search), two people ' +
    '(never offered as a match again), or undecided (the score decides again).',
});

@ObjectType('PersonLinkDecision', {
  description: 'A reviewer’s standing decision on two person records; it overrides their match score.',
})
export class PersonLinkDecisionGql {
  @Field(() => ID) id!: string;
  @Field(() => [ID], { description: 'The two person records, ordered.' }) personIds!: string[];
  @Field(() => LinkVerdictGql) decision!: LinkVerdictGql;
  @Field() reason!: string;
  @Field({ description: 'Who decided (the token subject).' }) decidedBy!: string;
  @Field({ description: 'The police area the reviewer decided for.' }) policeArea!: string;
  @Field(() => GraphQLDateTime) decidedAt!: Date;
}

/** The fields linkage compares, as a GraphQL enum (one list, comparisons.ts, never copied). */
export const LinkageFieldGql = Object.fromEntries(LINKAGE_FIELDS.map((f) => [f, f])) as {
  [F in LinkageField]: F;
};
export type LinkageFieldGql = LinkageField;
registerEnumType(LinkageFieldGql, { name: 'LinkageField', description: 'A field person linkage compares.' });

@ObjectType('FieldComparison', {
  description:
    'How one field of two person records compares, and the weight that gives the match (docs/person-linkage.md).',
})
export class FieldComparisonGql {
  @Field(() => LinkageFieldGql) field!: LinkageFieldGql;
  @Field({
    description:
      'The comparison level, e.g. EXACT, VARIANT (McDonald / MacDonald), NICKNAME, DAY_MONTH_SWAPPED, ' +
      'ONE_DIGIT_OFF, SAME_ADDRESS, SAME_POSTCODE, DISAGREE; MISSING when a record lacks the value (no evidence either way).',
  })
  level!: string;
  @Field({ description: 'What was compared, in words.' }) detail!: string;
  @Field(() => Float, {
    description: 'log2(m/u) in bits: positive is evidence of one person, negative of two; 0 for MISSING.',
  })
  weight!: number;
}

@ObjectType('PersonMatch', {
  description:
    'A search hit or candidate link, with how sure the hub is and why. Never merged automatically.',
})
export class PersonMatchGql {
  @Field(() => PersonGql) person!: PersonGql;
  @Field(() => MatchBasisGql) matchedOn!: MatchBasisGql;
  @Field(() => Float, {
    description:
      'Match probability 0–1 from the Fellegi–Sunter weight (unverified starting parameters); 1 for an exact PNC id.',
  })
  confidence!: number;
  @Field({
    description:
      'Linked: at or above the link threshold, and not a record without a date of birth. Otherwise a ' +
      'candidate to check before acting on it (its orders are not confirmed to be this person’s).',
  })
  confident!: boolean;
  @Field() reason!: string;
  @Field(() => Float, {
    nullable: true,
    description: 'Fellegi–Sunter match weight in bits (prior plus every field); null for an exact PNC id.',
  })
  matchWeight!: number | null;
  @Field(() => [FieldComparisonGql], {
    description: 'Each field’s comparison: the fields that agree and those that disagree, with weights.',
  })
  comparisons!: FieldComparisonGql[];
  @Field(() => String, { nullable: true, description: 'The linkage parameters that scored it, e.g. fs-v2.' })
  parametersVersion!: string | null;
  @Field(() => [ID], {
    description:
      'Other person records a reviewer confirmed are this person: their orders and bail are listed under ' +
      '`person` with this record’s (not as-known-at answers).',
  })
  mergedRecords!: string[];
  @Field(() => [PersonLinkDecisionGql], {
    description:
      'The reviewers’ decisions that merged records into this one, dropped one beside it, or decide this pair.',
  })
  linkDecisions!: PersonLinkDecisionGql[];
}

@ArgsType()
export class SearchPeopleArgs {
  @Field(() => String, { nullable: true, description: 'Exact PNC id, e.g. 2019/0456712K.' }) pncId?:
    string | null;
  @Field(() => String, { nullable: true }) familyName?: string | null;
  @Field(() => String, { nullable: true }) givenName?: string | null;
  @Field(() => GraphQLLocalDate, { nullable: true }) dateOfBirth?: string | null;
  @Field(() => GraphQLDateTime, {
    nullable: true,
    description:
      'Answer as the hub knew it at this past instant: only people, orders, bail, cases and timeline ' +
      'entries it had received by then, each order with its status at that instant (docs/as-known-at.md).',
  })
  asKnownAt?: Date | null;
}

@ObjectType('PersonLinkCandidate', {
  description: 'A candidate link waiting for a reviewer: a person of the area and a record it may be.',
})
export class PersonLinkCandidateGql {
  @Field(() => PersonGql, { description: 'The person named by one of the area’s orders, bail or notices.' })
  person!: PersonGql;
  @Field(() => PersonMatchGql, { description: 'The record it may be, with the score and its reasons.' })
  candidate!: PersonMatchGql;
  @Field(() => GraphQLDateTime, {
    description: 'Waiting since the hub received the later of the two records.',
  })
  waitingSince!: Date;
}
