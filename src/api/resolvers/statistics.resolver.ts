import { GraphQLError } from 'graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Arg, Authorized, Ctx, Query, registerEnumType, Resolver } from 'type-graphql';
import { MEASURES, type Measure } from '../../domain/aggregates.service';
import { type Gate } from '../auth-checker';
import { type GatewayContext } from '../context';
import { AggregateCellGql, StageLatencyGql } from '../types';

const MeasureGql = Object.fromEntries(MEASURES.map((m) => [m, m])) as { [M in Measure]: M };
registerEnumType(MeasureGql, {
  name: 'Measure',
  description:
    'ORDERS_GRANTED (by area, month, order type), CASES_BY_STAGE (by area, stage), CHARGING_DECISIONS ' +
    '(by area, month, decision), ALERTS_RAISED (by area, month, kind).',
});

@Resolver()
export class StatisticsResolver {
  @Query(() => [AggregateCellGql], {
    description:
      'Counts for analysts (analyst role, analysis purpose): never a person, cells under 5 suppressed. ' +
      '`from` inclusive, `to` exclusive, at most 3 years apart.',
  })
  @Authorized<Gate>('AGGREGATES')
  async statistics(
    @Arg('measure', () => MeasureGql) measure: Measure,
    @Arg('from', () => GraphQLLocalDate) from: string,
    @Arg('to', () => GraphQLLocalDate) to: string,
    @Arg('policeArea', () => String, { nullable: true }) policeArea: string | null,
    @Ctx() ctx: GatewayContext,
  ): Promise<AggregateCellGql[]> {
    const span = Date.parse(to) - Date.parse(from);
    if (!(span > 0) || span > 3 * 366 * 86_400_000)
      throw new GraphQLError('to must be after from, at most 3 years later', {
        extensions: { code: 'BAD_USER_INPUT' },
      });
    const area = policeArea?.trim().toUpperCase() || null;
    return ctx.aggregates.statistics(ctx.caller(), measure, from, to, area);
  }

  @Query(() => [StageLatencyGql], {
    description:
      'End-to-end lag per source and stage (p50/p95/p99 seconds, this replica since it started), for ' +
      'control rooms and analysts (AGGREGATES): durations only, never a record.',
  })
  @Authorized<Gate>('AGGREGATES')
  async pipelineLatency(@Ctx() ctx: GatewayContext): Promise<StageLatencyGql[]> {
    return ctx.latency.latencies(ctx.caller());
  }
}
