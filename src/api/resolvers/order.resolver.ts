import { Arg, Args, ArgsType, Ctx, Field, Query, Resolver, Root, Subscription } from 'type-graphql';
import { type GatewayContext, requireActor } from '../context';
import { toOrderGql } from '../order-mapper';
import { OrderChangeGql, ProtectiveOrderGql } from '../types';
import { ORDER_CHANGED, type OrderChangedDelivery } from '../subscriptions/change-feed';

@ArgsType()
class OrderChangedArgs {
  @Field({ description: 'Police force code, e.g. WYP.' }) policeArea!: string;
}

@Resolver(() => ProtectiveOrderGql)
export class OrderResolver {
  @Query(() => ProtectiveOrderGql, { nullable: true, description: 'One order by its reference.' })
  async protectiveOrder(
    @Arg('reference') reference: string,
    @Ctx() ctx: GatewayContext,
  ): Promise<ProtectiveOrderGql | null> {
    const view = await ctx.lookup.orderByReference(requireActor(ctx), reference);
    return view ? toOrderGql(view) : null;
  }

  @Subscription(() => OrderChangeGql, {
    topics: ORDER_CHANGED,
    topicId: ({ args }: { args: OrderChangedArgs }) => args.policeArea,
    description: 'Orders granted or served in a police area, as they are projected.',
  })
  async orderChanged(
    @Root() change: OrderChangedDelivery,
    @Args() _args: OrderChangedArgs,
    @Ctx() ctx: GatewayContext,
  ): Promise<OrderChangeGql> {
    const view = await ctx.lookup.orderForDelivery(requireActor(ctx), change.orderId);
    if (!view) throw new Error(`order ${change.orderId} announced on the change feed is not in the projection`);
    return { changeType: change.changeType, eventId: change.eventId, order: toOrderGql(view) };
  }
}
