import { ArgsType, Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';

export enum MatchBasisGql {
  PNC_ID = 'PNC_ID',
  NAME_AND_DATE_OF_BIRTH = 'NAME_AND_DATE_OF_BIRTH',
}
registerEnumType(MatchBasisGql, { name: 'MatchBasis', description: 'What a person search matched on.' });

@ObjectType('Person', { description: 'A person known to the hub (respondent, suspect, protected person…).' })
export class PersonGql {
  @Field(() => ID) id!: string;
  @Field() givenName!: string;
  @Field() familyName!: string;
  @Field(() => GraphQLLocalDate, { nullable: true }) dateOfBirth!: string | null;
  @Field(() => String, { nullable: true, description: 'Police National Computer id.' }) pncId!: string | null;
}

@ObjectType('PersonMatch', { description: 'A search hit and why it matched.' })
export class PersonMatchGql {
  @Field(() => PersonGql) person!: PersonGql;
  @Field(() => MatchBasisGql) matchedOn!: MatchBasisGql;
}

@ArgsType()
export class SearchPeopleArgs {
  @Field(() => String, { nullable: true, description: 'Exact PNC id, e.g. 2019/0456712K.' }) pncId?:
    string | null;
  @Field(() => String, { nullable: true }) familyName?: string | null;
  @Field(() => String, { nullable: true }) givenName?: string | null;
  @Field(() => GraphQLLocalDate, { nullable: true }) dateOfBirth?: string | null;
}
