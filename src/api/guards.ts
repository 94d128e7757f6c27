import { GraphQLError } from 'graphql';
import { type MiddlewareFn } from 'type-graphql';
import { type DataClass, decideAccess, type ResourceScope } from '../security/access-policy';
import { type GatewayContext, requireActor } from './context';

/** Throws FORBIDDEN with the policy's reason unless the caller may see this class of data. */
export function requireAccess(ctx: GatewayContext, dataClass: DataClass, scope: ResourceScope = {}): void {
  const actor = requireActor(ctx);
  // Checked on every request and every subscription event: a socket opened with a token that has since
  // been revoked or has expired gets nothing more.
  if (
    ctx.revocations.isRevoked(actor.tokenId) ||
    (actor.expiresAt != null && actor.expiresAt <= Date.now())
  ) {
    throw new GraphQLError('token revoked or expired', { extensions: { code: 'UNAUTHENTICATED' } });
  }
  const decision = decideAccess(actor, dataClass, scope);
  if (!decision.allowed) throw new GraphQLError(decision.reason, { extensions: { code: decision.code } });
}

/**
 * Field guard: resolves the field only when the access policy allows the class of data it holds for
 * this record (scope and class read from the parent object). A denied nullable field comes back null with
 * a FORBIDDEN error at its path; the rest of the response is unaffected.
 */
export function Guard<Root>(
  dataClass: DataClass | ((root: Root) => DataClass),
  scopeOf: (root: Root) => ResourceScope = () => ({}),
): MiddlewareFn<GatewayContext> {
  return async ({ root, context }, next) => {
    const parent = root as Root;
    const resolvedClass = typeof dataClass === 'function' ? dataClass(parent) : dataClass;
    requireAccess(context, resolvedClass, scopeOf(parent));
    return (await next()) as unknown;
  };
}
