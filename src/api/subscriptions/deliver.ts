import { policeAreaOf } from '../../security/access-policy';
import { type Actor } from '../../security/actor';
import { type GatewayContext } from '../context';

/**
 * The filter of every subscription: decides one event for one subscriber. An area feed is the caller's
 * own police area only (the same rule as the area queries); then `release` decides, redacts and audits
 * the record from its labels. What it releases is kept for the subscription's resolver to return; an
 * event the subscriber may not see is not delivered at all.
 */
export async function deliverToSubscriber<T extends object, R>(
  context: GatewayContext,
  payload: T,
  area: string | undefined,
  release: (actor: Actor) => Promise<R | null>,
): Promise<boolean> {
  const actor = context.caller();
  if (area !== undefined) {
    const ownArea = policeAreaOf(actor);
    if (ownArea === null || ownArea !== area.trim().toUpperCase()) return false;
  }
  const released = await release(actor);
  if (released !== null) context.deliveries.set(payload, released);
  return released !== null;
}
