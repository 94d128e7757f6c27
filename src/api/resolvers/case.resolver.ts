import {
  Arg,
  Args,
  ArgsType,
  Ctx,
  Field,
  FieldResolver,
  Query,
  Resolver,
  Root,
  Subscription,
} from 'type-graphql';
import { type CaseEventMessage } from '../../contract/change-messages';
import { CASE_EVENT } from '../subscriptions/change-feed';
import { toAlertGql, toCaseGql, toDeadlineGql } from '../case-mapper';
import { type GatewayContext, requireActor } from '../context';
import { requireAccess } from '../guards';
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
  @Query(() => CaseGql, { nullable: true, description: 'One case by its police URN.' })
  async case(@Arg('urn') urn: string, @Ctx() ctx: GatewayContext): Promise<CaseGql | null> {
    requireAccess(ctx, 'CASE');
    const found = (await ctx.cases.casesByUrn(requireActor(ctx), [urn])).get(urn);
    if (!found) return null;
    requireAccess(ctx, 'CASE', {
      policeArea: found.policeArea,
      accusedForce: found.detail.accusedForce ?? null,
    });
    return toCaseGql(found);
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
    return timelinePage(ctx, `case:${c.urn}`, first, after);
  }

  @Subscription(() => TimelineEntryGql, {
    topics: CASE_EVENT,
    topicId: ({ args }: { args: CaseTimelineArgs }) => `case:${args.caseUrn}`,
    description: 'New entries on one case’s timeline, from any agency, as they are projected.',
  })
  async caseTimeline(
    @Root() event: CaseEventMessage,
    @Args() _args: CaseTimelineArgs,
    @Ctx() ctx: GatewayContext,
  ): Promise<TimelineEntryGql> {
    // Checked per event: the token may have been revoked, and the case may since be marked PPDA. Reading
    // the case is itself the audited delivery.
    requireAccess(ctx, 'CASE');
    const found = (await ctx.cases.casesByUrn(requireActor(ctx), [event.caseUrn])).get(event.caseUrn);
    requireAccess(ctx, 'CASE', {
      policeArea: found?.policeArea,
      accusedForce: found?.detail.accusedForce ?? null,
    });
    return {
      eventId: event.eventId,
      eventType: event.eventType,
      agency: event.agency,
      occurredAt: event.occurredAt === null ? null : new Date(event.occurredAt),
      receivedAt: new Date(event.receivedAt),
      summary: event.summary,
      source: event.source,
    };
  }

  @FieldResolver(() => [DeadlineGql], { description: 'The case’s clocks, with rule, citation and status.' })
  async deadlines(@Root() c: CaseGql, @Ctx() ctx: GatewayContext): Promise<DeadlineGql[]> {
    const loader = ctx.batch(
      'deadlinesByStream',
      (actor, keys: readonly string[]) => ctx.cases.deadlinesForStreams(actor, keys),
      [],
    );
    return (await loader.load(`case:${c.urn}`)).map(toDeadlineGql);
  }

  @FieldResolver(() => [AlertGql], { description: 'Alerts raised on the case.' })
  async alerts(@Root() c: CaseGql, @Ctx() ctx: GatewayContext): Promise<AlertGql[]> {
    const loader = ctx.batch(
      'alertsByStream',
      (actor, keys: readonly string[]) => ctx.cases.alertsForStreams(actor, keys),
      [],
    );
    return (await loader.load(`case:${c.urn}`)).map(toAlertGql);
  }
}
