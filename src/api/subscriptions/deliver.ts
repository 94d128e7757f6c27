import { policeAreaOf } from '../../security/access-policy';
import { type Actor } from '../../security/actor';
import { type GatewayContext } from '../context';
import { filterInOrder } from './ordered-filter';

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

/**
 * A subscription's source: the change feed's events for `topic` and the routing id from the arguments,
 * each passed through `filter` for this subscriber — all waiting events at once, delivered in order
 * (filterInOrder) — instead of type-graphql's `topics` + `filter`, which decides one event after another.
 */
export function subscribeDelivered<Args, Payload>(
  topic: string,
  routingId: (args: Args) => string,
  filter: (data: { payload: Payload; args: Args; context: GatewayContext }) => Promise<boolean>,
) {
  return ({ args, context }: { args: Args; context: GatewayContext }): AsyncIterable<Payload> =>
    filterInOrder(
      context.subscriptions.subscribe(topic, routingId(args)) as AsyncIterable<Payload>,
      (payload) => filter({ payload, args, context }),
    );
}

/** The police area an area feed was opened for; undefined for a person's or a case's feed. */
export function areaArgument(args: object): string | undefined {
  return 'policeArea' in args && typeof args.policeArea === 'string' ? args.policeArea : undefined;
}
