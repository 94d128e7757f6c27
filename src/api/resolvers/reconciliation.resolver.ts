import { GraphQLError } from 'graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Arg, Authorized, Ctx, Int, Query, Resolver } from 'type-graphql';
import { type Gate } from '../auth-checker';
import { type GatewayContext } from '../context';
import { ReconciliationRunGql } from '../types';

/**
 * Reconciliation results for operators: what each source's daily manifest says it sent, against what
 * the hub holds. Differences name source record ids, so the operator role and the operations purpose
 * are needed and every read is audited.
 */
@Resolver(() => ReconciliationRunGql)
export class ReconciliationResolver {
  @Query(() => [ReconciliationRunGql], {
    description:
      'Reconciliation runs, newest day first (operator role, operations purpose). `from` and `to` inclusive.',
  })
  @Authorized<Gate>('RECONCILIATION')
  async reconciliations(
    @Ctx() ctx: GatewayContext,
    @Arg('from', () => GraphQLLocalDate) from: string,
    @Arg('to', () => GraphQLLocalDate) to: string,
    @Arg('connector', () => String, { nullable: true }) connector: string | null,
    @Arg('first', () => Int, { defaultValue: 50, description: 'At most 500.' }) first: number,
  ): Promise<ReconciliationRunGql[]> {
    if (first < 1 || first > 500)
      throw new GraphQLError('first must be 1–500', { extensions: { code: 'BAD_USER_INPUT' } });
    if (Date.parse(to) < Date.parse(from))
      throw new GraphQLError('to must not be before from', { extensions: { code: 'BAD_USER_INPUT' } });
    if (!ctx.reconciliation)
      throw new GraphQLError('reconciliation is not served by this replica', {
        extensions: { code: 'SERVICE_UNAVAILABLE' },
      });
    const runs = await ctx.reconciliation.runs(ctx.caller(), { connector, from, to, limit: first });
    return runs.map(({ runId, ranAt, ...run }) => ({ ...run, id: runId, ranAt: new Date(ranAt) }));
  }
}
