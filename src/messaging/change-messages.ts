export const ORDER_CHANGE_TYPES = [
  'GRANTED',
  'SERVED',
  'VARIED',
  'EXTENDED',
  'DISCHARGED',
  'REVOKED',
  'EXPIRED',
] as const;

/** What happened to a clock (deadlineChanged): one of its transitions (src/domain/rules/clock-transitions.ts). */
export const DEADLINE_CHANGE_TYPES = ['DUE_SOON', 'DUE', 'OVERDUE'] as const;

export type OrderChangeType = (typeof ORDER_CHANGE_TYPES)[number];
export type DeadlineChangeType = (typeof DEADLINE_CHANGE_TYPES)[number];

/** Published on the change feed after the projection commits (schema/asyncapi.yaml: orderChanged). */
export interface OrderChangeMessage {
  kind: 'ORDER_CHANGED';
  changeType: OrderChangeType;
  eventId: string;
  orderId: string;
  orderRef: string;
  policeArea: string | null;
}

/** schema/asyncapi.yaml: alertRaised. */
export interface AlertRaisedMessage {
  kind: 'ALERT_RAISED';
  alertId: string;
  alertKind: string;
  policeArea: string | null;
  subjectRef: string;
  message: string;
  citation: string | null;
  raisedBy: string;
  /** Source time of the raising event; null when the source gave none. */
  raisedAt: string | null;
}

/** schema/asyncapi.yaml: caseEvent — a new entry on a case's timeline. */
export interface CaseEventMessage {
  kind: 'CASE_EVENT';
  caseUrn: string;
  policeArea: string | null;
  eventId: string;
  eventType: string;
  agency: string;
  summary: string;
  occurredAt: string | null;
  receivedAt: string;
  source: string;
}

/** schema/asyncapi.yaml: deadlineChanged — a clock reached one of its transitions. */
export interface DeadlineChangedMessage {
  kind: 'DEADLINE_CHANGED';
  deadlineId: string;
  change: DeadlineChangeType;
  ruleId: string;
  policeArea: string | null;
  subjectRef: string;
  at: string;
}

export type ChangeMessage =
  OrderChangeMessage | AlertRaisedMessage | CaseEventMessage | DeadlineChangedMessage;

/**
 * An alert the hub raises itself — an escalation, a delivery or a victim message that failed — as
 * announced on the change feed: no legal citation, raised at the moment it was recorded.
 */
export function hubRaisedAlert(alert: {
  alertId: string;
  alertKind: string;
  policeArea: string | null;
  streamKey: string;
  message: string;
  raisedBy: string;
  raisedAt: Date;
}): AlertRaisedMessage {
  return {
    kind: 'ALERT_RAISED',
    alertId: alert.alertId,
    alertKind: alert.alertKind,
    policeArea: alert.policeArea,
    subjectRef: alert.streamKey,
    message: alert.message,
    citation: null,
    raisedBy: alert.raisedBy,
    raisedAt: alert.raisedAt.toISOString(),
  };
}
