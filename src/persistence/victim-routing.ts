import { type ChangeMessage } from '../messaging/change-messages';
import { EVENT_TYPES } from '../domain/canonical-events';
import { type NotificationKind } from '../domain/rules/victim-messages';

/**
 * Something a protected person may be told about: what happened, to which record, raised by which event
 * (or alert), when. Who is told is found from the record (its protected persons, or its case's victims)
 * and their consents, in SQL (VictimNotificationRepository.createFor).
 */
export interface NotifiableOccurrence {
  kind: NotificationKind;
  /** `order:<ref>` or `case:<urn>` — the stream the people are read from and an alert would be raised on. */
  streamKey: string;
  /** The event or alert that raised it (one notification per consent and raiser). */
  raisedBy: string;
  /** When it happened (for ORDER_EXPIRING, when the order ends); null when the source gave no time. */
  occurredAt: string | null;
  /** Only orders of this type (a notice's order: a DVPO or DAPO granted). */
  orderTypes?: readonly string[];
}

const ORDER_KINDS: Partial<Record<string, NotificationKind>> = {
  SERVED: 'ORDER_SERVED',
  VARIED: 'ORDER_VARIED',
  EXTENDED: 'ORDER_VARIED',
  DISCHARGED: 'ORDER_DISCHARGED',
  REVOKED: 'ORDER_DISCHARGED',
  EXPIRED: 'ORDER_EXPIRED',
};

const CASE_KINDS: Partial<Record<string, NotificationKind>> = {
  [EVENT_TYPES.courtBailGranted]: 'BAIL_GRANTED',
  [EVENT_TYPES.preChargeBailGranted]: 'BAIL_GRANTED',
  [EVENT_TYPES.courtBailVaried]: 'BAIL_VARIED',
  [EVENT_TYPES.preChargeBailVaried]: 'BAIL_VARIED',
  [EVENT_TYPES.courtBailRevoked]: 'BAIL_ENDED',
  [EVENT_TYPES.preChargeBailCancelled]: 'BAIL_ENDED',
  [EVENT_TYPES.releasedUnderInvestigation]: 'RELEASED_FROM_CUSTODY',
  [EVENT_TYPES.hearingListed]: 'HEARING_DATE_SET',
  [EVENT_TYPES.dvpnIssued]: 'NOTICE_ISSUED',
};

/**
 * The occurrences among a batch's announced changes: order changes (served, varied, ended, expired; a
 * DVPO or DAPO granted), an order's end coming (its ORDER_EXPIRING alert), and new case-timeline entries
 * for bail, release, hearings and notices. Everything else is not told.
 */
export function notifiableOccurrences(changes: readonly ChangeMessage[]): NotifiableOccurrence[] {
  const found: NotifiableOccurrence[] = [];
  for (const change of changes) {
    if (change.kind === 'ORDER_CHANGED') {
      const streamKey = `order:${change.orderRef}`;
      if (change.changeType === 'GRANTED')
        found.push({
          kind: 'NOTICE_ORDER_GRANTED',
          streamKey,
          raisedBy: change.eventId,
          occurredAt: null,
          orderTypes: ['DVPO', 'DAPO'],
        });
      const kind = ORDER_KINDS[change.changeType];
      if (kind) found.push({ kind, streamKey, raisedBy: change.eventId, occurredAt: null });
    } else if (change.kind === 'ALERT_RAISED' && change.alertKind === 'ORDER_EXPIRING') {
      found.push({
        kind: 'ORDER_EXPIRING',
        streamKey: change.subjectRef,
        raisedBy: change.raisedBy,
        occurredAt: null,
      });
    } else if (change.kind === 'CASE_EVENT') {
      const kind = CASE_KINDS[change.eventType];
      if (kind)
        found.push({
          kind,
          streamKey: `case:${change.caseUrn}`,
          raisedBy: change.eventId,
          occurredAt: change.occurredAt ?? change.receivedAt,
        });
    }
  }
  return found;
}
