import { refuseAsKnownAt } from './as-known-at';
import { GraphQLError } from 'graphql';
import { Arg, Authorized, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { type ForceSettingView, type NotificationView } from '../../domain/acknowledgement.service';
import { type Gate } from '../auth-checker';
import { type GatewayContext } from '../context';
import { toOrderGql } from '../order-mapper';
import { ForceSettingGql, OrderNotificationGql, ProtectiveOrderGql, UnacknowledgedOrderGql } from '../types';

function toForceSettingGql(setting: ForceSettingView): ForceSettingGql {
  return {
    ...setting,
    dueSoonLeads: Object.entries(setting.dueSoonLeads)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([ruleId, minutes]) => ({ ruleId, minutes })),
  };
}

/** Orders waiting for a force's acknowledgement, their notification history, and the force's settings. */
@Resolver(() => ProtectiveOrderGql)
export class AcknowledgementResolver {
  @Query(() => [UnacknowledgedOrderGql], {
    description:
      'Live orders notified to the caller’s own police area that nobody there has acknowledged, longest ' +
      'waiting first, with their escalations (another area: FORBIDDEN).',
  })
  @Authorized<Gate>('ORDERS')
  async unacknowledgedOrders(
    @Arg('policeArea') policeArea: string,
    @Arg('first', () => Int, { defaultValue: 100, description: 'At most 500.' }) first: number,
    @Ctx() ctx: GatewayContext,
  ): Promise<UnacknowledgedOrderGql[]> {
    if (first < 1 || first > 500)
      throw new GraphQLError('first must be from 1 to 500', { extensions: { code: 'BAD_USER_INPUT' } });
    const waiting = await ctx.acknowledgements.unacknowledgedOrders(ctx.caller(), policeArea, first);
    return waiting.map((w) => ({
      order: toOrderGql(w.order),
      notification: w.notification,
      waitingSeconds: w.waitingSeconds,
    }));
  }

  @FieldResolver(() => [OrderNotificationGql], {
    description: 'The hub’s notification of the order to its force: when, who acknowledged, escalations.',
  })
  async notifications(
    @Root() order: ProtectiveOrderGql,
    @Ctx() ctx: GatewayContext,
  ): Promise<NotificationView[]> {
    refuseAsKnownAt(order, 'notifications');
    const loader = ctx.batch(
      'notifications',
      (_actor, ids: readonly string[]) => ctx.acknowledgements.notificationsOf(ids),
      [],
    );
    return loader.load(order.id);
  }

  @Query(() => ForceSettingGql, {
    description:
      'How a force’s notified orders wait for acknowledgement (force-admin of that force, or security-admin).',
  })
  @Authorized<Gate>('FORCE_SETTINGS')
  async forceSetting(
    @Arg('policeArea') policeArea: string,
    @Ctx() ctx: GatewayContext,
  ): Promise<ForceSettingGql> {
    return toForceSettingGql(await ctx.acknowledgements.forceSetting(ctx.caller(), policeArea));
  }

  @Mutation(() => ForceSettingGql, {
    description:
      'Sets (minutes) or removes (null) the force’s own lead time for one clock rule’s DUE_SOON alert; the ' +
      'force’s open clocks are re-scheduled at once (audited).',
  })
  @Authorized<Gate>('FORCE_SETTINGS')
  async setForceClockLead(
    @Arg('policeArea') policeArea: string,
    @Arg('ruleId') ruleId: string,
    @Arg('minutes', () => Int, { nullable: true }) minutes: number | null,
    @Ctx() ctx: GatewayContext,
  ): Promise<ForceSettingGql> {
    return toForceSettingGql(
      await ctx.acknowledgements.setDueSoonLead(ctx.caller(), policeArea, ruleId, minutes),
    );
  }

  @Mutation(() => ForceSettingGql, {
    description:
      'Sets how soon a person in the force must acknowledge a notified order and how often it escalates ' +
      'until someone does (audited). Applies to orders notified from now on.',
  })
  @Authorized<Gate>('FORCE_SETTINGS')
  async setForceSetting(
    @Arg('policeArea') policeArea: string,
    @Arg('acknowledgeWithinSeconds', () => Int) acknowledgeWithinSeconds: number,
    @Arg('escalateEverySeconds', () => Int) escalateEverySeconds: number,
    @Ctx() ctx: GatewayContext,
  ): Promise<ForceSettingGql> {
    return toForceSettingGql(
      await ctx.acknowledgements.setForceSetting(
        ctx.caller(),
        policeArea,
        acknowledgeWithinSeconds,
        escalateEverySeconds,
      ),
    );
  }
}
