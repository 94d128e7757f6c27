import { Field, ObjectType } from 'type-graphql';

@ObjectType('ConflictingValue', {
  description: 'One of the values sources gave for a field, and who gave it.',
})
export class ConflictingValueGql {
  @Field({ description: 'As the first source to give it wrote it.' }) value!: string;
  @Field(() => [String], { description: 'Connectors whose latest assertion this value is.' })
  sources!: string[];
}

@ObjectType('OrderConflict', {
  description:
    'A field on which two sources’ latest grants (or services) of this order disagree; the order shows the ' +
    'latest grant’s value (docs/versions-and-conflicts.md). A value a source did not give is not a conflict.',
})
export class OrderConflictGql {
  @Field({ description: 'The field, e.g. expiresAt, policeArea, effectiveFrom, servedAt.' }) field!: string;
  @Field(() => [ConflictingValueGql], { description: 'Each value, with the sources that gave it.' })
  values!: ConflictingValueGql[];
}

@ObjectType('CaseConflict', {
  description:
    'A field on which two sources’ latest assertions about this case disagree; the case shows the first ' +
    '(docs/versions-and-conflicts.md). A value a source did not give is not a conflict.',
})
export class CaseConflictGql {
  @Field({
    description: 'The field: policeArea, hearings.<hearingRef>.listedFor or hearings.<hearingRef>.court.',
  })
  field!: string;
  @Field(() => [ConflictingValueGql], { description: 'Each value, with the sources that gave it.' })
  values!: ConflictingValueGql[];
}
