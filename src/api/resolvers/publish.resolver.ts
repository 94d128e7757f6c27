import { GraphQLError } from 'graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import {
  Arg,
  Authorized,
  createUnionType,
  Ctx,
  Field,
  ID,
  Mutation,
  ObjectType,
  registerEnumType,
  Resolver,
} from 'type-graphql';
import { REJECTION_REASONS, type RejectionReason } from '../../messaging/dead-letter-message';
import { type Gate } from '../auth-checker';
import { type GatewayContext } from '../context';

@ObjectType('PublishedEvent', { description: 'A canonical event the published record became.' })
export class PublishedEventGql {
  @Field(() => ID) id!: string;
  @Field({ description: 'CloudEvents type, e.g. uk.shieldline.court.order.granted.v1.' }) type!: string;
  @Field({ description: 'The aggregate: the order reference.' }) subject!: string;
}

/** The rejection reasons of the connector contract, as a GraphQL enum (one list, never copied). */
const RejectionReasonGql = Object.fromEntries(REJECTION_REASONS.map((r) => [r, r])) as {
  [R in RejectionReason]: R;
};
registerEnumType(RejectionReasonGql, {
  name: 'RejectionReason',
  description: 'Why a record was refused (connectors/contract/connector.ts).',
});

@ObjectType('OrderPublished', {
  description:
    'The record is durable in the event log. Re-sending the same record version returns the same event ' +
    'ids, with duplicate=true once they are recorded.',
})
export class OrderPublishedGql {
  @Field({ description: 'True when every event of this record was already recorded.' }) duplicate!: boolean;
  @Field(() => [PublishedEventGql]) events!: PublishedEventGql[];
}

@ObjectType('OrderRejected', {
  description: 'The record was refused: why, every problem, and the dead letter keeping the original bytes.',
})
export class OrderRejectedGql {
  @Field(() => RejectionReasonGql) reason!: RejectionReason;
  @Field(() => [String], { description: 'Each problem as "path: message".' }) problems!: string[];
  @Field(() => ID, { description: 'Re-drive it with redriveDeadLetter once the cause is fixed.' })
  deadLetterId!: string;
}

export const PublishCourtOrderResultGql = createUnionType({
  name: 'PublishCourtOrderResult',
  description: 'What happened to a published record: an expected outcome, never a GraphQL error.',
  types: () => [OrderPublishedGql, OrderRejectedGql] as const,
  resolveType: (value) => ('events' in value ? OrderPublishedGql : OrderRejectedGql),
});

/**
 * Court publication through GraphQL: the second door to the family-court connector. The message is the
 * same JSON a court pushes to POST /ingest/family-court-orders, and it takes exactly the same path
 * (normalizer, catalogue check, event log, dead letters): one path, two doors.
 */
@Resolver()
export class PublishResolver {
  @Mutation(() => PublishCourtOrderResultGql, {
    description:
      'Publish a family court order message (ORDER_MADE, STATEMENT_OF_SERVICE, ORDER_VARIED, ORDER_EXTENDED, ' +
      'ORDER_DISCHARGED — format in connectors/family-court-orders/README.md). Needs the publisher role. ' +
      'Idempotent: re-sending the same messageId and version returns the same event ids. A refused record ' +
      'is an OrderRejected answer; errors are kept for callers without the role and for a log that is down.',
  })
  @Authorized<Gate>('PUBLISH_RECORDS')
  async publishCourtOrder(
    @Arg('message', () => GraphQLJSONObject, { description: 'The family court message, as JSON.' })
    message: Record<string, unknown>,
    @Ctx() ctx: GatewayContext,
  ): Promise<OrderPublishedGql | OrderRejectedGql> {
    if (!ctx.publisher) {
      throw new GraphQLError('this gateway replica does not run the ingest role', {
        extensions: { code: 'NOT_AVAILABLE' },
      });
    }
    const outcome = await ctx.publisher.publishCourtOrder(Buffer.from(JSON.stringify(message)));
    if (outcome.status === 'ACCEPTED') {
      return Object.assign(new OrderPublishedGql(), {
        duplicate: outcome.duplicate,
        events: outcome.events,
      });
    }
    return Object.assign(new OrderRejectedGql(), {
      reason: outcome.reason,
      problems: outcome.problems.map((p) => (p.path ? `${p.path}: ${p.message}` : p.message)),
      deadLetterId: outcome.deadLetterId,
    });
  }
}
