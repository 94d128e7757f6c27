import { GraphQLError } from 'graphql';
import { type MiddlewareFn } from 'type-graphql';
import { type DataClass, decideAccess, type ResourceScope } from '../security/access-policy';
import { type GatewayContext, requireActor } from './context';

/** Throws FORBIDDEN with the policy's reason unless the caller may see this class of data. */
export function requireAccess(ctx: GatewayContext, dataClass: DataClass, scope: ResourceScope = {}): void {
  const decision = decideAccess(requireActor(ctx), dataClass, scope);
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
