import { type AuthCheckerFn } from 'type-graphql';
import { type Capability, type DataClass } from '../security/entitlements';
import { type GatewayContext } from './context';

export type Gate = DataClass | Capability;

/**
 * TypeGraphQL's one auth checker: `@Authorized<Gate>('DEAD_LETTERS')` on a resolver lets it run only when
 * the entitlement table grants the caller that gate. A refusal is audited as one and answered FORBIDDEN
 * with the rule as its reason (the services decide again per record; this stops a request early).
 */
export const authChecker: AuthCheckerFn<GatewayContext, Gate> = async ({ context, info }, gates) => {
  const actor = context.caller();
  for (const gate of gates) await context.access.require(actor, gate, info.fieldName);
  return true;
};
