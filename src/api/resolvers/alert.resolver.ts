import { GraphQLError } from 'graphql';
import {
  Arg,
  Args,
  ArgsType,
  Authorized,
  Ctx,
  Field,
  Int,
  Query,
  Resolver,
  Root,
  Subscription,
} from 'type-graphql';
import { type AlertRecord, type DeadlineView } from '../../domain/read-records';
import { toAlertGql, toBreachGql, toDeadlineGql } from '../case-mapper';
import { type Gate } from '../auth-checker';
import { type GatewayContext } from '../context';
import {
  ALERT_RAISED,
  type AlertDelivery,
  DEADLINE_CHANGED,
  type DeadlineDelivery,
} from '../subscriptions/change-feed';
import { areaArgument, deliverToSubscriber, subscribeDelivered } from '../subscriptions/deliver';
import {
  AlertConnectionGql,
  AlertGql,
  BreachConnectionGql,
  DeadlineChangedGql,
  type DeadlineChangeGql,
  DeadlineConnectionGql,
  pageRequest,
  toConnection,
} from '../types';

@ArgsType()
class AlertRaisedArgs {
  @Field({ description: 'Police force code, e.g. WYP.' }) policeArea!: string;
}

@ArgsType()
class CaseAlertRaisedArgs {
  @Field({ description: 'Police URN of the case.' }) caseUrn!: string;
}

@Resolver(() => AlertGql)
export class AlertResolver {
  @Query(() => AlertConnectionGql, {
    description: 'Alerts in the caller’s own police area, newest first (another area: FORBIDDEN).',
  })
  @Authorized<Gate>('CASE')
  async alerts(
    @Arg('policeArea') policeArea: string,
    @Arg('first', () => Int, { defaultValue: 50, description: 'At most 500.' }) first: number,
    @Arg('after', () => String, { nullable: true, description: 'Cursor of the last alert already seen.' })
    after: string | null,
    @Ctx() ctx: GatewayContext,
  ): Promise<AlertConnectionGql> {
    const page = pageRequest(first, after, 500);
    return toConnection(() => ctx.cases.alertsInArea(ctx.caller(), policeArea, page), toAlertGql);
  }

  @Query(() => BreachConnectionGql, {
    description:
      'Breaches reported in the caller’s own police area, most recent first, for its control room (another ' +
      'area: FORBIDDEN); each released on its own labels, so a case kept from the force stays out.',
  })
  @Authorized<Gate>('INCIDENTS')
  async breachesInArea(
    @Arg('policeArea') policeArea: string,
    @Arg('first', () => Int, { defaultValue: 50, description: 'At most 500.' }) first: number,
    @Arg('after', () => String, { nullable: true, description: 'Cursor of the last breach already seen.' })
    after: string | null,
    @Ctx() ctx: GatewayContext,
  ): Promise<BreachConnectionGql> {
    const page = pageRequest(first, after, 500);
    return toConnection(() => ctx.cases.breachesInArea(ctx.caller(), policeArea, page), toBreachGql);
  }

  @Query(() => DeadlineConnectionGql, {
    description:
      'Open clocks in the caller’s own police area due within the given days (overdue ones included), ' +
      'soonest first.',
  })
  @Authorized<Gate>('CASE')
  async deadlines(
    @Arg('policeArea') policeArea: string,
    @Arg('withinDays', () => Int, { defaultValue: 14 }) withinDays: number,
    @Arg('first', () => Int, { defaultValue: 100, description: 'At most 500.' }) first: number,
    @Arg('after', () => String, { nullable: true, description: 'Cursor of the last clock already seen.' })
    after: string | null,
    @Ctx() ctx: GatewayContext,
  ): Promise<DeadlineConnectionGql> {
    if (withinDays < 0 || withinDays > 3660)
      throw new GraphQLError('withinDays must be from 0 to 3660', { extensions: { code: 'BAD_USER_INPUT' } });
    const page = pageRequest(first, after, 500);
    return toConnection(
      () => ctx.cases.deadlinesInArea(ctx.caller(), policeArea, withinDays, page),
      toDeadlineGql,
    );
  }

  @Subscription(() => AlertGql, {
    subscribe: subscribeDelivered(
      ALERT_RAISED,
      (args: AlertRaisedArgs) => args.policeArea.trim().toUpperCase(),
      deliverAlert,
    ),
    description: 'Alerts raised in the caller’s own police area, as they are projected.',
  })
  @Authorized<Gate>('CASE')
  alertRaised(
    @Root() delivery: AlertDelivery,
    @Args() _args: AlertRaisedArgs,
    @Ctx() ctx: GatewayContext,
  ): AlertGql {
    return toAlertGql(ctx.deliveries.get(delivery) as AlertRecord);
  }

  @Subscription(() => DeadlineChangedGql, {
    subscribe: subscribeDelivered(
      DEADLINE_CHANGED,
      (args: AlertRaisedArgs) => args.policeArea.trim().toUpperCase(),
      deliverDeadline,
    ),
    description:
      'Clocks in the caller’s own police area as they become due soon, due and overdue (an order’s ' +
      'end included), for dashboards; each transition is delivered once per subscription.',
  })
  @Authorized<Gate>('CASE')
  deadlineChanged(
    @Root() delivery: DeadlineDelivery,
    @Args() _args: AlertRaisedArgs,
    @Ctx() ctx: GatewayContext,
  ): DeadlineChangedGql {
    const deadline = ctx.deliveries.get(delivery) as DeadlineView;
    return {
      change: delivery.change as DeadlineChangeGql,
      at: new Date(delivery.at),
      deadline: toDeadlineGql(deadline),
    };
  }

  @Subscription(() => AlertGql, {
    subscribe: subscribeDelivered(
      ALERT_RAISED,
      (args: CaseAlertRaisedArgs) => `case:${args.caseUrn}`,
      deliverAlert,
    ),
    description: 'Alerts raised on one case, as they are projected.',
  })
  @Authorized<Gate>('CASE')
  caseAlertRaised(
    @Root() delivery: AlertDelivery,
    @Args() _args: CaseAlertRaisedArgs,
    @Ctx() ctx: GatewayContext,
  ): AlertGql {
    return toAlertGql(ctx.deliveries.get(delivery) as AlertRecord);
  }
}

/** A clock reaches the subscriber only if the clock itself would: decided from its labels. */
function deliverDeadline({
  payload,
  args,
  context,
}: {
  payload: DeadlineDelivery;
  args: object;
  context: GatewayContext;
}): Promise<boolean> {
  return deliverToSubscriber(context, payload, areaArgument(args), (actor) =>
    context.cases.deliverDeadline(actor, payload.deadline),
  );
}

/** A PPDA case's alerts never reach the accused force: decided per subscriber from the alert's labels. */
function deliverAlert({
  payload,
  args,
  context,
}: {
  payload: AlertDelivery;
  args: object;
  context: GatewayContext;
}): Promise<boolean> {
  return deliverToSubscriber(context, payload, areaArgument(args), (actor) =>
    context.cases.deliverAlert(actor, payload.alert),
  );
}
