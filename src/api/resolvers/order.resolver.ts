import {
  Arg,
  Args,
  ArgsType,
  Ctx,
  Field,
  FieldResolver,
  ID,
  Int,
  Mutation,
  Query,
  Resolver,
  Root,
  Subscription,
} from 'type-graphql';
import { GraphQLError } from 'graphql';
import { LookupError } from '../../domain/officer-lookup.service';
import { type GatewayContext, requireActor } from '../context';
import { requireAccess } from '../guards';
import { toOrderGql } from '../order-mapper';
import {
  AcknowledgeResultGql,
  OrderAcknowledgementGql,
  OrderChangeGql,
  type OrderChangeTypeGql,
  pageRequest,
  ProtectiveOrderConnectionGql,
  ProtectiveOrderGql,
  TimelineArgs,
  toConnection,
  TimelineConnectionGql,
} from '../types';
import { ORDER_CHANGED, type OrderChangedDelivery } from '../subscriptions/change-feed';
import { timelinePage } from './timeline-page';

@ArgsType()
class OrderChangedArgs {
  @Field({ description: 'Police force code, e.g. WYP.' }) policeArea!: string;
}

@ArgsType()
class PersonOrderChangedArgs {
  @Field(() => ID, { description: 'Person id (from searchPeople).' }) personId!: string;
}

@Resolver(() => ProtectiveOrderGql)
export class OrderResolver {
  @Query(() => ProtectiveOrderGql, { nullable: true, description: 'One order by its reference.' })
  async protectiveOrder(
    @Arg('reference') reference: string,
    @Ctx() ctx: GatewayContext,
  ): Promise<ProtectiveOrderGql | null> {
    requireAccess(ctx, 'IDENTITY');
    const view = await ctx.lookup.orderByReference(requireActor(ctx), reference);
    return view ? toOrderGql(view) : null;
  }

  @Query(() => ProtectiveOrderConnectionGql, {
    description:
      'Orders notified to a police area, most recently effective first; with a postcode, only those ' +
      'protecting someone there or excluding the respondent from it (enforcement or safeguarding in that ' +
      'area only).',
  })
  async protectiveOrdersInArea(
    @Arg('policeArea') policeArea: string,
    @Arg('postcode', () => String, { nullable: true }) postcodeArg: string | null | undefined,
    @Arg('includeEnded', { defaultValue: false }) includeEnded: boolean,
    @Arg('first', () => Int, { defaultValue: 50, description: 'At most 200.' }) first: number,
    @Arg('after', () => String, { nullable: true, description: 'Cursor of the last order already seen.' })
    after: string | null,
    @Ctx() ctx: GatewayContext,
  ): Promise<ProtectiveOrderConnectionGql> {
    const postcode = postcodeArg ?? null;
    requireAccess(ctx, 'IDENTITY');
    // A postcode search reveals where protected people live: the same rule as their addresses.
    if (postcode !== null) requireAccess(ctx, 'CONFIDENTIAL_ADDRESS', { policeArea });
    const page = pageRequest(first, after, 200);
    return toConnection(
      () => ctx.lookup.ordersInArea(requireActor(ctx), policeArea, postcode, includeEnded, page),
      toOrderGql,
    );
  }

  @FieldResolver(() => TimelineConnectionGql, {
    description: 'Everything that happened to this order, in order.',
  })
  async timeline(
    @Root() order: ProtectiveOrderGql,
    @Args() { first, after }: TimelineArgs,
    @Ctx() ctx: GatewayContext,
  ): Promise<TimelineConnectionGql> {
    return timelinePage(ctx, `order:${order.reference}`, first, after);
  }

  @Mutation(() => AcknowledgeResultGql, {
    nullable: true,
    description:
      'Acknowledge receipt of an order notified to your force (police in the order’s area only); ' +
      'idempotent: the first acknowledgement stands. null when no such order exists.',
  })
  async acknowledgeOrder(
    @Arg('reference') reference: string,
    @Ctx() ctx: GatewayContext,
  ): Promise<AcknowledgeResultGql | null> {
    requireAccess(ctx, 'IDENTITY');
    try {
      const ack = await ctx.lookup.acknowledge(requireActor(ctx), reference);
      return ack ? { reference: ack.orderRef, ...ack } : null;
    } catch (err) {
      if (err instanceof LookupError) throw new GraphQLError(err.message, { extensions: { code: err.code } });
      throw err;
    }
  }

  @FieldResolver(() => [OrderAcknowledgementGql], {
    description: 'Which forces acknowledged receipt, and when.',
  })
  async acknowledgements(@Root() order: ProtectiveOrderGql, @Ctx() ctx: GatewayContext) {
    const loader = ctx.batch(
      'acknowledgements',
      (_actor, ids: readonly string[]) => ctx.lookup.acknowledgementsOf(ids),
      [],
    );
    return loader.load(order.id);
  }

  @Subscription(() => OrderChangeGql, {
    topics: ORDER_CHANGED,
    topicId: ({ args }: { args: OrderChangedArgs }) => args.policeArea,
    description:
      'Orders granted, served, varied, extended, discharged or revoked in a police area, as they are projected.',
  })
  orderChanged(
    @Root() change: OrderChangedDelivery,
    @Args() _args: OrderChangedArgs,
    @Ctx() ctx: GatewayContext,
  ): Promise<OrderChangeGql> {
    return this.deliver(change, ctx);
  }

  @Subscription(() => OrderChangeGql, {
    topics: ORDER_CHANGED,
    topicId: ({ args }: { args: PersonOrderChangedArgs }) => `person:${args.personId}`,
    description: 'Changes to orders against or protecting one person, as they are projected.',
  })
  personOrderChanged(
    @Root() change: OrderChangedDelivery,
    @Args() _args: PersonOrderChangedArgs,
    @Ctx() ctx: GatewayContext,
  ): Promise<OrderChangeGql> {
    return this.deliver(change, ctx);
  }

  private async deliver(change: OrderChangedDelivery, ctx: GatewayContext): Promise<OrderChangeGql> {
    // Entitlement is checked again for every event delivered on an open socket.
    requireAccess(ctx, 'IDENTITY');
    const view = await ctx.lookup.deliverOrder(requireActor(ctx), change.order);
    return {
      changeType: change.changeType as OrderChangeTypeGql,
      eventId: change.eventId,
      order: toOrderGql(view),
    };
  }
}
