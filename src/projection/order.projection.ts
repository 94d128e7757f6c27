import { deterministicUuid } from '../common/ids';
import {
  EVENT_TYPES,
  type OrderGrantedData,
  type OrderServedData,
  type OrderType,
} from '../domain/canonical-events';
import { resolvePersonIdentity } from '../domain/person-identity';
import { type CloudEvent } from '../messaging/envelope';
import {
  type GrantedOrderRow,
  type PersonRow,
  type ProjectionRepository,
  type ServedOrderRow,
  type TimelineRow,
} from '../persistence/repositories/projection.repository';

export type OrderChangeType = 'GRANTED' | 'SERVED';

/** Published on the change feed after the projection commits; the gateway turns it into subscriptions. */
export interface OrderChangeMessage {
  kind: 'ORDER_CHANGED';
  changeType: OrderChangeType;
  eventId: string;
  orderId: string;
  orderRef: string;
  policeArea: string | null;
}

export function orderIdFor(orderRef: string): string {
  return deterministicUuid('protective-order', orderRef);
}

/**
 * Folds a batch of new court order events (in log order) into the projections with one statement per
 * table, and returns the changes to announce, in log order.
 *
 * Within a batch the events of one order are folded into one row: the last granted event wins the order
 * columns and the last served event wins the service columns (the two touch disjoint columns, so they
 * commute), and `version` grows by the number of events folded.
 */
export async function projectOrderEvents(
  repo: ProjectionRepository,
  events: readonly CloudEvent[],
): Promise<OrderChangeMessage[]> {
  const people = new Map<string, PersonRow>();
  const granted = new Map<string, GrantedOrderRow>();
  const served = new Map<string, ServedOrderRow>();
  const timeline: TimelineRow[] = [];
  const announce: { changeType: OrderChangeType; event: CloudEvent; orderRef: string }[] = [];

  for (const event of events) {
    if (event.type === EVENT_TYPES.orderGranted) {
      const data = event.data as OrderGrantedData;
      const respondent = resolvePersonIdentity(data.respondent, { eventId: event.id, role: 'respondent' });
      if (!people.has(respondent.personId)) {
        people.set(respondent.personId, {
          personId: respondent.personId,
          party: data.respondent,
          eventId: event.id,
        });
      }
      const protectedIds = data.protectedPersons.map((party, index) => {
        const identity = resolvePersonIdentity(party, { eventId: event.id, role: `protected-${index}` });
        if (!people.has(identity.personId))
          people.set(identity.personId, { personId: identity.personId, party, eventId: event.id });
        return identity.personId;
      });
      const previous = granted.get(data.orderRef);
      granted.set(data.orderRef, {
        orderId: orderIdFor(data.orderRef),
        data,
        respondentId: respondent.personId,
        protectedIds,
        event,
        served: null,
        eventCount: (previous?.eventCount ?? 0) + 1,
      });
      timeline.push({ event, aggregate: data.orderRef, agency: 'court', summary: grantedSummary(data) });
      announce.push({ changeType: 'GRANTED', event, orderRef: data.orderRef });
    } else if (event.type === EVENT_TYPES.orderServed) {
      const data = event.data as OrderServedData;
      const previous = served.get(data.orderRef);
      served.set(data.orderRef, {
        orderId: orderIdFor(data.orderRef),
        data,
        event,
        eventCount: (previous?.eventCount ?? 0) + 1,
      });
      timeline.push({
        event,
        aggregate: data.orderRef,
        agency: 'court',
        summary: `Order served on the respondent (${data.method.toLowerCase()} service)${data.servedAt ? '' : '; time of service not stated'}`,
      });
      announce.push({ changeType: 'SERVED', event, orderRef: data.orderRef });
    }
  }

  // An order made and served within one batch is written once (the common case for a backlog).
  for (const [orderRef, service] of served) {
    const grant = granted.get(orderRef);
    if (grant) {
      grant.served = service;
      served.delete(orderRef);
    }
  }
  await repo.upsertPeople([...people.values()]);
  const rowsAfterGrant = await repo.upsertGrantedOrders([...granted.values()]);
  const rowsAfterService = await repo.upsertServedOrders([...served.values()]);
  await repo.addTimelineEntries(timeline);

  const state = new Map([...rowsAfterGrant, ...rowsAfterService].map((row) => [row.orderRef, row]));
  return announce.flatMap(({ changeType, event, orderRef }) => {
    const row = state.get(orderRef);
    // Service seen before the order itself: nothing a subscriber could be shown yet. The GRANTED change
    // that follows carries the served status.
    if (!row?.granted) return [];
    return [
      {
        kind: 'ORDER_CHANGED',
        changeType,
        eventId: event.id,
        orderId: row.orderId,
        orderRef,
        policeArea: row.policeArea,
      },
    ];
  });
}

function grantedSummary(data: OrderGrantedData): string {
  const until = data.expiresAt ? ` until ${data.expiresAt.slice(0, 10)}` : ' until further order';
  return `${describeOrderType(data.orderType)} made by ${data.court.name}${data.withoutNotice ? ' without notice' : ''}${until}`;
}

function describeOrderType(type: OrderType): string {
  switch (type) {
    case 'NON_MOLESTATION':
      return 'Non-molestation order';
    case 'OCCUPATION':
      return 'Occupation order';
    case 'RESTRAINING_ON_CONVICTION':
      return 'Restraining order on conviction';
    case 'RESTRAINING_ON_ACQUITTAL':
      return 'Restraining order on acquittal';
    case 'DVPO':
      return 'Domestic violence protection order';
    case 'DAPO':
      return 'Domestic abuse protection order';
    case 'OTHER':
      return 'Protective order';
  }
}
