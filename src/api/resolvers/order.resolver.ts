import { Arg, Args, ArgsType, Ctx, Field, Query, Resolver, Root, Subscription } from 'type-graphql';
import { type GatewayContext, requireActor } from '../context';
import { toOrderGql } from '../order-mapper';
import { OrderChangeGql, type OrderChangeTypeGql, ProtectiveOrderGql } from '../types';
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
    const view = await ctx.lookup.deliverOrder(requireActor(ctx), change.order);
    return {
      changeType: change.changeType as OrderChangeTypeGql,
      eventId: change.eventId,
      order: toOrderGql(view),
    };
  }
}
