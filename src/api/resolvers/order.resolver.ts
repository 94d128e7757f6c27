import { GraphQLDateTime } from 'graphql-scalars';
import { checkedInstant, knownAtOf, refuseAsKnownAt } from './as-known-at';
import {
  Arg,
  Args,
  ArgsType,
  Authorized,
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
import { type OrderView } from '../../domain/read-records';
import { diffOrderVersions, VersionNotFound } from '../../domain/order-version-diff';
import { type Gate } from '../auth-checker';
import { type GatewayContext } from '../context';
import { toOrderGql } from '../order-mapper';
import {
  AcknowledgeResultGql,
  OrderAcknowledgementGql,
  OrderChangeGql,
  type OrderChangeTypeGql,
  OrderVersionDiffGql,
  pageRequest,
  ProtectiveOrderConnectionGql,
  ProtectiveOrderGql,
  TimelineArgs,
  toConnection,
  TimelineConnectionGql,
} from '../types';
import { ORDER_CHANGED, type OrderChangedDelivery } from '../subscriptions/change-feed';
import { areaArgument, deliverToSubscriber, subscribeDelivered } from '../subscriptions/deliver';
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
  @Query(() => ProtectiveOrderGql, {
    nullable: true,
    description: 'One order by its reference; null when there is none the caller may see.',
  })
  @Authorized<Gate>('ORDERS')
  async protectiveOrder(
    @Arg('reference') reference: string,
    @Arg('asKnownAt', () => GraphQLDateTime, {
      nullable: true,
      description:
        'The order as the hub held it at this past instant, with its status then (docs/as-known-at.md).',
    })
    asKnownAtArg: Date | null | undefined,
    @Ctx() ctx: GatewayContext,
  ): Promise<ProtectiveOrderGql | null> {
    const at = checkedInstant(ctx, asKnownAtArg);
    const view = at
      ? await ctx.history.orderByReference(ctx.caller(), reference, at)
      : await ctx.lookup.orderByReference(ctx.caller(), reference);
    return view ? { ...toOrderGql(view), asKnownAt: at } : null;
  }

  @Query(() => ProtectiveOrderConnectionGql, {
    description:
      'Orders notified to the caller’s own police area, most recently effective first; with a postcode, ' +
      'only those protecting someone there or excluding the respondent from it (callers entitled to ' +
      'addresses only).',
  })
  @Authorized<Gate>('ORDERS')
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
    const page = pageRequest(first, after, 200);
    return toConnection(
      () => ctx.lookup.ordersInArea(ctx.caller(), policeArea, postcode, includeEnded, page),
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
    return timelinePage(ctx, `order:${order.reference}`, first, after, knownAtOf(order));
  }

  @FieldResolver(() => OrderVersionDiffGql, {
    description:
      'What changed from one version of this order to another (any two; either way round), from the versions ' +
      'the caller was released. A version the order does not have is a BAD_USER_INPUT naming those it has.',
  })
  versionDiff(
    @Root() order: ProtectiveOrderGql,
    @Arg('from', () => Int, { description: 'A version number, as in versions.' }) from: number,
    @Arg('to', () => Int, { description: 'Another version number (or the same: no changes).' }) to: number,
  ): OrderVersionDiffGql {
    try {
      return diffOrderVersions(order.versions, from, to);
    } catch (err) {
      if (err instanceof VersionNotFound)
        throw new GraphQLError(`${order.reference}: ${err.message}`, {
          extensions: { code: 'BAD_USER_INPUT' },
        });
      throw err;
    }
  }

  @Mutation(() => AcknowledgeResultGql, {
    nullable: true,
    description:
      'Acknowledge receipt of an order notified to your force (police in the order’s area only); ' +
      'idempotent: the first acknowledgement stands. null when no such order exists.',
  })
  @Authorized<Gate>('ACKNOWLEDGE_ORDERS')
  async acknowledgeOrder(
    @Arg('reference') reference: string,
    @Ctx() ctx: GatewayContext,
  ): Promise<AcknowledgeResultGql | null> {
    const ack = await ctx.lookup.acknowledge(ctx.caller(), reference);
    return ack ? { reference: ack.orderRef, ...ack } : null;
  }

  @FieldResolver(() => [OrderAcknowledgementGql], {
    description: 'Which forces acknowledged receipt, and when.',
  })
  async acknowledgements(@Root() order: ProtectiveOrderGql, @Ctx() ctx: GatewayContext) {
    refuseAsKnownAt(order, 'acknowledgements');
    const loader = ctx.batch(
      'acknowledgements',
      (_actor, ids: readonly string[]) => ctx.lookup.acknowledgementsOf(ids),
      [],
    );
    return loader.load(order.id);
  }

  @Subscription(() => OrderChangeGql, {
    subscribe: subscribeDelivered(
      ORDER_CHANGED,
      (args: OrderChangedArgs) => args.policeArea.trim().toUpperCase(),
      deliverOrder,
    ),
    description:
      'Orders granted, served, varied, extended, discharged or revoked in the caller’s own police area, as ' +
      'they are projected.',
  })
  @Authorized<Gate>('ORDERS')
  orderChanged(
    @Root() change: OrderChangedDelivery,
    @Args() _args: OrderChangedArgs,
    @Ctx() ctx: GatewayContext,
  ): OrderChangeGql {
    return toChange(change, ctx);
  }

  @Subscription(() => OrderChangeGql, {
    subscribe: subscribeDelivered(
      ORDER_CHANGED,
      (args: PersonOrderChangedArgs) => `person:${args.personId}`,
      deliverOrder,
    ),
    description: 'Changes to orders against or protecting one person, as they are projected.',
  })
  @Authorized<Gate>('ORDERS')
  personOrderChanged(
    @Root() change: OrderChangedDelivery,
    @Args() _args: PersonOrderChangedArgs,
    @Ctx() ctx: GatewayContext,
  ): OrderChangeGql {
    return toChange(change, ctx);
  }
}

/** Entitlement is decided again for every event delivered on an open socket, from the order's labels. */
function deliverOrder({
  payload,
  args,
  context,
}: {
  payload: OrderChangedDelivery;
  args: object;
  context: GatewayContext;
}): Promise<boolean> {
  return deliverToSubscriber(context, payload, areaArgument(args), (actor) =>
    context.lookup.deliverOrder(actor, payload.order),
  );
}

function toChange(change: OrderChangedDelivery, ctx: GatewayContext): OrderChangeGql {
  return {
    changeType: change.changeType as OrderChangeTypeGql,
    eventId: change.eventId,
    order: toOrderGql(ctx.deliveries.get(change) as OrderView),
  };
}
