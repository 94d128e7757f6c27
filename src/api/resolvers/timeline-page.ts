import { GraphQLError } from 'graphql';
import { CursorError } from '../../domain/page';
import { type GatewayContext } from '../context';
import { type TimelineConnectionGql } from '../types';

/** One page of a stream's timeline (order:<ref>, case:<urn>), batched across the response. */
export async function timelinePage(
  ctx: GatewayContext,
  streamKey: string,
  first: number,
  after: string | null | undefined,
  knownAt: Date | null = null,
): Promise<TimelineConnectionGql> {
  if (first < 1 || first > 100) {
    throw new GraphQLError('first must be from 1 to 100', { extensions: { code: 'BAD_USER_INPUT' } });
  }
  try {
    const page = await ctx.timelineLoader(first, after ?? null, knownAt).load(streamKey);
    return {
      edges: page.entries.map((entry) => ({ cursor: entry.cursor, node: entry })),
      pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.entries.at(-1)?.cursor ?? null },
    };
  } catch (err) {
    if (err instanceof CursorError)
      throw new GraphQLError(err.message, { extensions: { code: 'BAD_USER_INPUT' } });
    throw err;
  }
}
