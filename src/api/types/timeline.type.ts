import { GraphQLDateTime } from 'graphql-scalars';
import { ArgsType, Field, ID, Int, ObjectType } from 'type-graphql';

@ObjectType('TimelineEntry', { description: 'One event in a timeline, with where it came from.' })
export class TimelineEntryGql {
  @Field(() => ID) eventId!: string;
  @Field({ description: 'Canonical event type, e.g. uk.shieldline.court.order.served.v1.' })
  eventType!: string;
  @Field({ description: 'court, police or cps.' }) agency!: string;
  @Field(() => GraphQLDateTime, {
    nullable: true,
    description: 'When it happened; null when the source did not say.',
  })
  occurredAt!: Date | null;
  @Field(() => GraphQLDateTime, { description: 'When the hub received it.' }) receivedAt!: Date;
  @Field() summary!: string;
  @Field({ description: 'The connector that received it.' }) source!: string;
}

@ObjectType('TimelineEdge', { description: 'A timeline entry and its cursor.' })
export class TimelineEdgeGql {
  @Field() cursor!: string;
  @Field(() => TimelineEntryGql) node!: TimelineEntryGql;
}

@ObjectType('PageInfo', { description: 'Relay page information.' })
export class PageInfoGql {
  @Field() hasNextPage!: boolean;
  @Field(() => String, { nullable: true }) endCursor!: string | null;
}

@ObjectType('TimelineConnection', {
  description: 'Timeline entries in the order they happened (source time, else receipt time).',
})
export class TimelineConnectionGql {
  @Field(() => [TimelineEdgeGql]) edges!: TimelineEdgeGql[];
  @Field(() => PageInfoGql) pageInfo!: PageInfoGql;
}

@ArgsType()
export class TimelineArgs {
  @Field(() => Int, { defaultValue: 20, description: 'At most 100.' }) first!: number;
  @Field(() => String, { nullable: true, description: 'Cursor of the last entry already seen.' })
  after?: string | null;
}
