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
  Query,
  Resolver,
  Root,
  Subscription,
} from 'type-graphql';
import { type TimelineEntryRecord } from '../../domain/read-records';
import { CASE_EVENT, type CaseEventDelivery } from '../subscriptions/change-feed';
import { deliverToSubscriber, subscribeDelivered } from '../subscriptions/deliver';
import { toAlertGql, toCaseGql, toDeadlineGql } from '../case-mapper';
import { type GatewayContext } from '../context';
import { type Gate } from '../auth-checker';
import {
  AlertGql,
  CaseGql,
  DeadlineGql,
  TimelineArgs,
  TimelineConnectionGql,
  TimelineEntryGql,
} from '../types';
import { timelinePage } from './timeline-page';

@ArgsType()
class CaseTimelineArgs {
  @Field({ description: 'Police URN of the case.' }) caseUrn!: string;
}

@Resolver(() => CaseGql)
export class CaseResolver {
  @Query(() => CaseGql, {
    nullable: true,
    description: 'One case by its police URN; null when there is none the caller may see.',
  })
  @Authorized<Gate>('CASE')
  async case(
    @Arg('urn') urn: string,
    @Arg('asKnownAt', () => GraphQLDateTime, {
      nullable: true,
      description: 'The case as the hub held it at this past instant (docs/as-known-at.md).',
    })
    asKnownAtArg: Date | null | undefined,
    @Ctx() ctx: GatewayContext,
  ): Promise<CaseGql | null> {
    const at = checkedInstant(ctx, asKnownAtArg);
    const found = at
      ? await ctx.history.caseByUrn(ctx.caller(), urn, at)
      : (await ctx.cases.casesByUrn(ctx.caller(), [urn])).get(urn);
    return found ? { ...toCaseGql(found), asKnownAt: at } : null;
  }

  @FieldResolver(() => TimelineConnectionGql, {
    description:
      'The unified case timeline: every police, CPS and court event of the case, and of its bail, ' +
      'notices and orders, in the order they happened.',
  })
  timeline(
    @Root() c: CaseGql,
    @Args() { first, after }: TimelineArgs,
    @Ctx() ctx: GatewayContext,
  ): Promise<TimelineConnectionGql> {
    return timelinePage(ctx, `case:${c.urn}`, first, after, knownAtOf(c));
  }

  @Subscription(() => TimelineEntryGql, {
    // Decided per subscriber and per event, from the entry's labels (the case may since have been marked
    // PPDA, the token revoked): what may not be seen is not delivered at all, and the refusal audited.
    subscribe: subscribeDelivered(
      CASE_EVENT,
      (args: CaseTimelineArgs) => `case:${args.caseUrn}`,
      ({ payload, context }: { payload: CaseEventDelivery; context: GatewayContext }) =>
        deliverToSubscriber(context, payload, undefined, (actor) =>
          context.lookup.deliverTimelineEntry(actor, payload.entry),
        ),
    ),
    description: 'New entries on one case’s timeline, from any agency, as they are projected.',
  })
  @Authorized<Gate>('CASE')
  caseTimeline(
    @Root() delivery: CaseEventDelivery,
    @Args() _args: CaseTimelineArgs,
    @Ctx() ctx: GatewayContext,
  ): TimelineEntryGql {
    const entry = ctx.deliveries.get(delivery) as TimelineEntryRecord;
    return {
      eventId: entry.eventId,
      eventType: entry.eventType,
      agency: entry.agency,
      occurredAt: entry.occurredAt,
      receivedAt: entry.receivedAt,
      summary: entry.summary,
      source: entry.source,
    };
  }

  @FieldResolver(() => [DeadlineGql], {
    description:
      'Every clock of the case, with rule, citation and status: its own, and those of its bail, notices and orders (their expiry included).',
  })
  async deadlines(@Root() c: CaseGql, @Ctx() ctx: GatewayContext): Promise<DeadlineGql[]> {
    refuseAsKnownAt(c, 'deadlines');
    const loader = ctx.batch(
      'deadlinesByCase',
      (actor, urns: readonly string[]) => ctx.cases.deadlinesForCases(actor, urns),
      [],
    );
    return (await loader.load(c.urn)).map(toDeadlineGql);
  }

  @FieldResolver(() => [AlertGql], { description: 'Alerts raised on the case.' })
  async alerts(@Root() c: CaseGql, @Ctx() ctx: GatewayContext): Promise<AlertGql[]> {
    refuseAsKnownAt(c, 'alerts');
    const loader = ctx.batch(
      'alertsByStream',
      (actor, keys: readonly string[]) => ctx.cases.alertsForStreams(actor, keys),
      [],
    );
    return (await loader.load(`case:${c.urn}`)).map(toAlertGql);
  }
}
