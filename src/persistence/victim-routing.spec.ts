import { type ChangeMessage } from '../messaging/change-messages';
import { EVENT_TYPES } from '../domain/canonical-events';
import { notifiableOccurrences } from './victim-routing';

const order = (changeType: string): ChangeMessage =>
  ({
    kind: 'ORDER_CHANGED',
    changeType,
    eventId: `e-${changeType}`,
    orderId: 'o1',
    orderRef: 'LDSFC/LS1/1',
    policeArea: 'WYP',
  }) as ChangeMessage;

const caseEvent = (eventType: string): ChangeMessage => ({
  kind: 'CASE_EVENT',
  caseUrn: '13WY0000001',
  policeArea: 'WYP',
  eventId: 'e-case',
  eventType,
  agency: 'police',
  summary: 'summary',
  occurredAt: '2026-11-21T10:00:00Z',
  receivedAt: '2026-11-21T10:05:00Z',
  source: 'x',
});

describe('what a protected person may be told about', () => {
  it('should tell order service, variation, ending and expiry, and a granted order only when it is a DVPO or DAPO', () => {
    const found = notifiableOccurrences(
      ['GRANTED', 'SERVED', 'VARIED', 'EXTENDED', 'DISCHARGED', 'REVOKED', 'EXPIRED'].map(order),
    );
    expect(found.map((f) => f.kind)).toEqual([
      'NOTICE_ORDER_GRANTED',
      'ORDER_SERVED',
      'ORDER_VARIED',
      'ORDER_VARIED',
      'ORDER_DISCHARGED',
      'ORDER_DISCHARGED',
      'ORDER_EXPIRED',
    ]);
    expect(found[0]).toMatchObject({ orderTypes: ['DVPO', 'DAPO'], streamKey: 'order:LDSFC/LS1/1' });
    expect(found[1]).toMatchObject({ raisedBy: 'e-SERVED', occurredAt: null });
  });

  it('should tell bail, release, hearings and notices from a case’s timeline, at the source’s time', () => {
    const types = [
      EVENT_TYPES.preChargeBailGranted,
      EVENT_TYPES.courtBailVaried,
      EVENT_TYPES.preChargeBailCancelled,
      EVENT_TYPES.releasedUnderInvestigation,
      EVENT_TYPES.hearingListed,
      EVENT_TYPES.dvpnIssued,
      EVENT_TYPES.riskAssessed,
      EVENT_TYPES.chargingDecision,
    ];
    const found = notifiableOccurrences(types.map(caseEvent));
    expect(found.map((f) => f.kind)).toEqual([
      'BAIL_GRANTED',
      'BAIL_VARIED',
      'BAIL_ENDED',
      'RELEASED_FROM_CUSTODY',
      'HEARING_DATE_SET',
      'NOTICE_ISSUED',
    ]);
    expect(found[0]).toMatchObject({ streamKey: 'case:13WY0000001', occurredAt: '2026-11-21T10:00:00Z' });
  });

  it('should tell an order’s coming end from its alert, and nothing from other alerts', () => {
    const alert = (alertKind: string): ChangeMessage => ({
      kind: 'ALERT_RAISED',
      alertId: 'a1',
      alertKind,
      policeArea: 'WYP',
      subjectRef: 'order:LDSFC/LS1/1',
      message: 'm',
      citation: null,
      raisedBy: 'e-1',
      raisedAt: null,
    });
    expect(
      notifiableOccurrences([alert('ORDER_EXPIRING'), alert('BREACH_REPORTED'), alert('CLOCK_DUE')]),
    ).toEqual([
      { kind: 'ORDER_EXPIRING', streamKey: 'order:LDSFC/LS1/1', raisedBy: 'e-1', occurredAt: null },
    ]);
  });
});
