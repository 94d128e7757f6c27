import { GraphQLError } from 'graphql';
import { AsKnownAtError } from '../../domain/as-known-at.service';
import { type GatewayContext } from '../context';

/** The instant an answer shows (asKnownAt), carried on the record it sits under; null for today. */
export const knownAtOf = (root: { asKnownAt?: Date | null }): Date | null => root.asKnownAt ?? null;

/** Checks an asKnownAt argument: a past (or present) instant; the future is a clear 400, never "today". */
export function checkedInstant(ctx: GatewayContext, at: Date | null | undefined): Date | null {
  if (at === null || at === undefined) return null;
  try {
    ctx.history.checkInstant(at);
    return at;
  } catch (err) {
    if (err instanceof AsKnownAtError)
      throw new GraphQLError(err.message, { extensions: { code: 'BAD_USER_INPUT' } });
    throw err;
  }
}

/**
 * A field the hub cannot yet answer as known at a past instant: refused with a clear error rather than
 * answered with today's data under a past date (docs/as-known-at.md lists what is answered).
 */
export function refuseAsKnownAt(root: { asKnownAt?: Date | null }, field: string): void {
  if (!knownAtOf(root)) return;
  throw new GraphQLError(
    `${field} is not available asKnownAt; ask for it without asKnownAt (docs/as-known-at.md)`,
    { extensions: { code: 'NOT_AVAILABLE_AS_KNOWN_AT' } },
  );
}
