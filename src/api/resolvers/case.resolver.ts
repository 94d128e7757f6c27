import { Arg, Args, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { toAlertGql, toCaseGql, toDeadlineGql } from '../case-mapper';
import { type GatewayContext, requireActor } from '../context';
import { requireAccess } from '../guards';
import { AlertGql, CaseGql, DeadlineGql, TimelineArgs, TimelineConnectionGql } from '../types';
import { timelinePage } from './timeline-page';

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
