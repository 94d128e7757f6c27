import { GraphQLError } from 'graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Arg, Ctx, Field, ID, Mutation, ObjectType, Resolver } from 'type-graphql';
import { familyCourtConnector } from '../../../connectors/family-court-orders/family-court.connector';
import { errorMessage, ShieldlineError } from '../../common/errors';
import { decideOnFailure } from '../../ingest/failure-policy';
import { PUBLISHER_ROLE } from '../../ingest/http-ingest';
import { type GatewayContext, requireRole } from '../context';

@ObjectType('PublishedEvent', { description: 'A canonical event the published record became.' })
export class PublishedEventGql {
  @Field(() => ID) id!: string;
  @Field({ description: 'CloudEvents type, e.g. uk.shieldline.court.order.granted.v1.' }) type!: string;
  @Field({ description: 'The aggregate: the order reference.' }) subject!: string;
}

@ObjectType('PublishAcknowledgement', {
  description:
    'What happened to a published record. ACCEPTED: durable in the event log (re-sending the same record ' +
    'version returns the same event ids, with duplicate=true once recorded). REJECTED: every problem, and ' +
    'the dead letter keeping the original record.',
})
export class PublishAcknowledgementGql {
  @Field({ description: 'ACCEPTED or REJECTED.' }) status!: string;
  @Field({ description: 'True when every event of this record was already recorded.' }) duplicate!: boolean;
  @Field(() => [PublishedEventGql]) events!: PublishedEventGql[];
  @Field(() => String, {
    nullable: true,
    description:
      'UNPARSEABLE, SCHEMA_INVALID, IMPOSSIBLE_DATE, UNKNOWN_CODE, FORBIDDEN_CONSTRUCT, OVERSIZED or VERSION_CONFLICT.',
  })
  reason!: string | null;
  @Field(() => [String], { description: 'Each problem as "path: message".' }) problems!: string[];
  @Field(() => ID, { nullable: true }) deadLetterId!: string | null;
}

/**
 * Court publication through GraphQL: the second door to the family-court connector. The message is the
 * same JSON a court pushes to POST /ingest/family-court-orders, and it takes exactly the same path
 * (normalizer, catalogue check, event log, dead letters): one path, two doors.
 */
@Resolver()
export class PublishResolver {
  @Mutation(() => PublishAcknowledgementGql, {
    description:
      'Publish a family court order message (ORDER_MADE, STATEMENT_OF_SERVICE, ORDER_VARIED, ORDER_EXTENDED, ' +
      'ORDER_DISCHARGED — format in connectors/family-court-orders/README.md). Needs the publisher role. ' +
      'Idempotent: re-sending the same messageId and version returns the same event ids.',
  })
  async publishCourtOrder(
    @Arg('message', () => GraphQLJSONObject, { description: 'The family court message, as JSON.' })
    message: Record<string, unknown>,
    @Ctx() ctx: GatewayContext,
  ): Promise<PublishAcknowledgementGql> {
    requireRole(ctx, PUBLISHER_ROLE);
    if (!ctx.publisher) {
      throw new GraphQLError('this gateway replica does not run the ingest role', {
        extensions: { code: 'NOT_AVAILABLE' },
      });
    }
    try {
      const outcome = await ctx.publisher.ingest(familyCourtConnector, {
        bytes: Buffer.from(JSON.stringify(message)),
        contentType: 'application/json',
        single: true,
      });
      return outcome.status === 'ACCEPTED'
        ? {
            status: 'ACCEPTED',
            duplicate: outcome.duplicate,
            events: outcome.events,
            reason: null,
            problems: [],
            deadLetterId: null,
          }
        : {
            status: 'REJECTED',
            duplicate: false,
            events: [],
            reason: outcome.reason,
            problems: outcome.problems.map((p) => (p.path ? `${p.path}: ${p.message}` : p.message)),
            deadLetterId: outcome.deadLetterId,
          };
    } catch (err) {
      const retriable = decideOnFailure(err) === 'RETRY';
      throw new GraphQLError(`not accepted: ${errorMessage(err)}`, {
        extensions: { code: err instanceof ShieldlineError ? err.code : 'INTERNAL', retriable },
      });
    }
  }
}
