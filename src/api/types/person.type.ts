import { ArgsType, Field, Float, ID, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLDateTime, GraphQLLocalDate } from 'graphql-scalars';

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
}

@ObjectType('PersonMatch', {
  description:
    'A search hit or candidate link, with how sure the hub is and why. Never merged automatically.',
})
export class PersonMatchGql {
  @Field(() => PersonGql) person!: PersonGql;
  @Field(() => MatchBasisGql) matchedOn!: MatchBasisGql;
  @Field(() => Float, { description: '0–1 (project heuristics, unverified).' }) confidence!: number;
  @Field({ description: 'confidence ≥ 0.8; otherwise a candidate to check before acting on it.' })
  confident!: boolean;
  @Field() reason!: string;
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
