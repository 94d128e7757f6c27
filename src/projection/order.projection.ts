import { deterministicUuid } from '../common/ids';
import { EVENT_TYPES, type OrderGrantedData, type OrderServedData } from '../domain/canonical-events';
import { resolvePersonIdentity } from '../domain/person-identity';
import { type CloudEvent } from '../messaging/envelope';
import { type OrderChangeRow, type ProjectionRepository } from '../persistence/repositories/projection.repository';

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

/** Folds one court order event into the projections. Returns the change to announce, if any. */
export async function projectOrderEvent(
  repo: ProjectionRepository,
  event: CloudEvent,
): Promise<OrderChangeMessage | null> {
  switch (event.type) {
    case EVENT_TYPES.orderGranted: {
      const data = event.data as OrderGrantedData;
      const respondent = resolvePersonIdentity(data.respondent, { eventId: event.id, role: 'respondent' });
      await repo.upsertPerson(respondent.personId, data.respondent, event.id);
      const protectedIds: string[] = [];
      for (const [index, party] of data.protectedPersons.entries()) {
        const identity = resolvePersonIdentity(party, { eventId: event.id, role: `protected-${index}` });
        await repo.upsertPerson(identity.personId, party, event.id);
        protectedIds.push(identity.personId);
      }
      const row = await repo.applyOrderGranted(
        orderIdFor(data.orderRef),
        data,
        { respondentId: respondent.personId, protectedIds },
        event,
      );
      await repo.addTimelineEntry(event, {
        aggregate: data.orderRef,
        agency: 'court',
        summary: `${describeOrderType(data.orderType)} made by ${data.court.name}${data.withoutNotice ? ' without notice' : ''}${data.expiresAt ? ` until ${data.expiresAt.slice(0, 10)}` : ' until further order'}`,
      });
      return change('GRANTED', event, data.orderRef, row);
    }
    case EVENT_TYPES.orderServed: {
      const data = event.data as OrderServedData;
      const row = await repo.applyOrderServed(orderIdFor(data.orderRef), data, event);
      await repo.addTimelineEntry(event, {
        aggregate: data.orderRef,
        agency: 'court',
        summary: `Order served on the respondent (${data.method.toLowerCase()} service)${data.servedAt ? '' : '; time of service not stated'}`,
      });
      // Until the order itself arrives there is nothing a subscriber could be shown.
      return row.granted ? change('SERVED', event, data.orderRef, row) : null;
    }
    default:
      return null;
  }
}

function change(
  changeType: OrderChangeType,
  event: CloudEvent,
  orderRef: string,
  row: OrderChangeRow,
): OrderChangeMessage {
  return { kind: 'ORDER_CHANGED', changeType, eventId: event.id, orderId: row.orderId, orderRef, policeArea: row.policeArea };
}

function describeOrderType(type: OrderGrantedData['orderType']): string {
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
