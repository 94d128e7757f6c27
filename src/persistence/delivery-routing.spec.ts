import { type ChangeMessage } from '../messaging/change-messages';
import { routeDeliveries } from './delivery-routing';

const granted: ChangeMessage = {
  kind: 'ORDER_CHANGED',
  changeType: 'GRANTED',
  eventId: '00000000-0000-8000-8000-000000000001',
  orderId: '00000000-0000-8000-8000-000000000002',
  orderRef: 'LDSFC/LS1/1',
  policeArea: 'wyp ',
};
const alert = (alertKind: string): ChangeMessage => ({
  kind: 'ALERT_RAISED',
  alertId: `00000000-0000-8000-8000-${alertKind.length.toString().padStart(12, '0')}`,
  alertKind,
  policeArea: 'WYP',
  subjectRef: 'order:LDSFC/LS1/1',
  message: 'm',
  citation: null,
  raisedBy: '00000000-0000-8000-8000-000000000001',
  raisedAt: null,
});
const primary = { endpointId: 'e-primary', policeArea: 'WYP', role: 'PRIMARY' as const };
const escalation = { endpointId: 'e-escalation', policeArea: 'WYP', role: 'ESCALATION' as const };
const elsewhere = { endpointId: 'e-other', policeArea: 'NYP', role: 'PRIMARY' as const };

describe('routing changes to force endpoints', () => {
  const route = (changes: ChangeMessage[]) =>
    routeDeliveries(changes, [primary, escalation, elsewhere]).map((d) => `${d.endpointId}:${d.subjectRef}`);

  it('should send every order change and alert of the area to its primary endpoints only', () => {
    expect(route([granted, alert('BREACH_OF_ORDER')])).toEqual([
      'e-primary:LDSFC/LS1/1',
      'e-primary:LDSFC/LS1/1',
    ]);
  });

  it('should send escalations to the escalation endpoints too', () => {
    expect(route([alert('ORDER_NOT_ACKNOWLEDGED')])).toEqual([
      'e-primary:LDSFC/LS1/1',
      'e-escalation:LDSFC/LS1/1',
    ]);
  });

  it('should never deliver a delivery failure (a failing endpoint would be sent its own failure)', () => {
    expect(route([alert('DELIVERY_FAILED')])).toEqual([]);
  });

  it('should give the same change and endpoint the same id (the receiver’s idempotency key)', () => {
    const [first] = routeDeliveries([granted], [primary]);
    const [again] = routeDeliveries([{ ...granted }], [primary]);
    const [other] = routeDeliveries([{ ...granted, changeType: 'SERVED' }], [primary]);
    expect(again!.deliveryId).toBe(first!.deliveryId);
    expect(other!.deliveryId).not.toBe(first!.deliveryId);
    expect(first).toMatchObject({
      policeArea: 'WYP',
      streamKey: 'order:LDSFC/LS1/1',
      raisedBy: granted.eventId,
    });
  });
});
