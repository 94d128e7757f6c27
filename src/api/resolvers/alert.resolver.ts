import { GraphQLError } from 'graphql';
import { Arg, Args, ArgsType, Ctx, Field, Int, Query, Resolver, Root, Subscription } from 'type-graphql';
import { type AlertRaisedMessage } from '../../contract/change-messages';
import { toAlertGql, toDeadlineGql } from '../case-mapper';
import { type GatewayContext, requireActor } from '../context';
import { requireAccess } from '../guards';
import { ALERT_RAISED } from '../subscriptions/change-feed';
import { AlertConnectionGql, AlertGql, DeadlineConnectionGql, pageRequest, toConnection } from '../types';

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
  @Query(() => AlertConnectionGql, { description: 'Alerts in a police area, newest first.' })
  async alerts(
    @Arg('policeArea') policeArea: string,
    @Arg('first', () => Int, { defaultValue: 50, description: 'At most 500.' }) first: number,
    @Arg('after', () => String, { nullable: true, description: 'Cursor of the last alert already seen.' })
    after: string | null,
    @Ctx() ctx: GatewayContext,
  ): Promise<AlertConnectionGql> {
    const page = pageRequest(first, after, 500);
    requireAccess(ctx, 'CASE');
    return toConnection(() => ctx.cases.alertsInArea(requireActor(ctx), policeArea, page), toAlertGql);
  }

  @Query(() => DeadlineConnectionGql, {
    description:
      'Open clocks in a police area due within the given days (overdue ones included), soonest first.',
  })
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
    requireAccess(ctx, 'CASE');
    return toConnection(
      () => ctx.cases.deadlinesInArea(requireActor(ctx), policeArea, withinDays, page),
      toDeadlineGql,
    );
  }

  @Subscription(() => AlertGql, {
    topics: ALERT_RAISED,
    topicId: ({ args }: { args: AlertRaisedArgs }) => args.policeArea,
    description: 'Alerts raised in a police area, as they are projected.',
  })
  alertRaised(
    @Root() alert: AlertRaisedMessage,
    @Args() _args: AlertRaisedArgs,
    @Ctx() ctx: GatewayContext,
  ): Promise<AlertGql> {
    return this.deliver(alert, ctx);
  }

  @Subscription(() => AlertGql, {
    topics: ALERT_RAISED,
    topicId: ({ args }: { args: CaseAlertRaisedArgs }) => `case:${args.caseUrn}`,
    description: 'Alerts raised on one case, as they are projected.',
  })
  caseAlertRaised(
    @Root() alert: AlertRaisedMessage,
    @Args() _args: CaseAlertRaisedArgs,
    @Ctx() ctx: GatewayContext,
  ): Promise<AlertGql> {
    return this.deliver(alert, ctx);
  }

  private async deliver(alert: AlertRaisedMessage, ctx: GatewayContext): Promise<AlertGql> {
    requireAccess(ctx, 'CASE');
    await ctx.cases.deliverAlert(requireActor(ctx), alert.alertId);
    return {
      id: alert.alertId,
      kind: alert.alertKind,
      message: alert.message,
      citation: alert.citation,
      policeArea: alert.policeArea,
      subjectRef: alert.subjectRef.slice(alert.subjectRef.indexOf(':') + 1),
      raisedBy: alert.raisedBy,
      raisedAt: alert.raisedAt === null ? null : new Date(alert.raisedAt),
    };
  }
}
