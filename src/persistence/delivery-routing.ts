import { deterministicUuid } from '../common/ids';
import { type ChangeMessage } from '../messaging/change-messages';
import { type EndpointRecord, type NewDelivery } from '../domain/delivery-records';

/** What routing needs of an endpoint. */
export type RoutableEndpoint = Pick<EndpointRecord, 'endpointId' | 'policeArea' | 'role'>;

/** Alerts about delivery itself are not delivered (a failing endpoint would be sent its own failure). */
export const DELIVERY_FAILED = 'DELIVERY_FAILED';
/** Alerts that also go to a force's escalation endpoints. */
const ESCALATIONS = new Set(['ORDER_NOT_ACKNOWLEDGED']);

const area = (value: string | null) => value?.trim().toUpperCase() || null;

/**
 * Each change to deliver, once per endpoint of its area: every order change and alert to the PRIMARY
 * endpoints; escalations to the ESCALATION endpoints too. The delivery id is the idempotency key the
 * receiver sees: the same for the same change and endpoint, on every attempt and every replay.
 */
export function routeDeliveries(
  changes: readonly ChangeMessage[],
  endpoints: readonly RoutableEndpoint[],
): NewDelivery[] {
  const routed: NewDelivery[] = [];
  for (const change of changes) {
    let identity: string;
    let subjectRef: string;
    let streamKey: string;
    let raisedBy: string | null;
    let escalation = false;
    if (change.kind === 'ORDER_CHANGED') {
      identity = `order:${change.orderId}:${change.changeType}:${change.eventId}`;
      subjectRef = change.orderRef;
      streamKey = `order:${change.orderRef}`;
      raisedBy = change.eventId;
    } else if (change.kind === 'ALERT_RAISED' && change.alertKind !== DELIVERY_FAILED) {
      identity = `alert:${change.alertId}`;
      streamKey = change.subjectRef;
      subjectRef = change.subjectRef.includes(':')
        ? change.subjectRef.slice(change.subjectRef.indexOf(':') + 1)
        : change.subjectRef;
      raisedBy = change.raisedBy;
      escalation = ESCALATIONS.has(change.alertKind);
    } else continue;
    const changeArea = area(change.policeArea);
    if (!changeArea) continue;
    for (const endpoint of endpoints) {
      if (area(endpoint.policeArea) !== changeArea) continue;
      if (endpoint.role === 'ESCALATION' && !escalation) continue;
      routed.push({
        deliveryId: deterministicUuid('delivery', endpoint.endpointId, identity),
        endpointId: endpoint.endpointId,
        policeArea: changeArea,
        change,
        subjectRef,
        streamKey,
        raisedBy,
      });
    }
  }
  return routed;
}
