/**
 * Status of a protective order as of any moment. Computed, never stored: an order past its end is not in
 * force even if no "expired" event ever arrives (docs/architecture.md), and an order served next week is not in
 * force today.
 *
 * "In force" here means the respondent is bound and a breach can be acted on: the order is effective and
 * the respondent knows of it — served (at the time the statement of service gives), or present in court
 * when it was made. For a non-molestation order made without notice, breach is an offence only for
 * conduct at a time the respondent was aware of the order (Family Law Act 1996 s.42A(2), inserted by the
 * Domestic Violence, Crime and Victims Act 2004 s.1; read here in the 2004 Act's explanatory notes, not in
 * the section itself — unverified wording). DAC:747 names the missing "granted and served" signal.
 */
export type OrderStatus =
  'NOT_YET_EFFECTIVE' | 'GRANTED_NOT_SERVED' | 'IN_FORCE' | 'EXPIRED' | 'DISCHARGED' | 'REVOKED';

export interface OrderStatusFacts {
  effectiveFrom: Date;
  /** null ⇒ until further order. */
  expiresAt: Date | null;
  served: boolean;
  /** When it was served; null when the statement of service gave no time (then served "at some point"). */
  servedAt?: Date | null;
  /** The respondent was in court when the order was made; null/undefined when the source did not say. */
  respondentPresent?: boolean | null;
  madeAt?: Date | null;
  /** Set once the court discharged or revoked the order: never live again, whatever its dates say. */
  ended: 'DISCHARGED' | 'REVOKED' | null;
}

/**
 * From when the respondent is bound: the later of the order's effective time and the moment they knew of
 * it (service, or the making of the order in their presence, whichever came first). null when neither is
 * known yet — or when the order was served at a time the statement of service did not give.
 */
export function enforceableFrom(order: OrderStatusFacts): Date | null {
  const known: number[] = [];
  if (order.respondentPresent === true && order.madeAt) known.push(order.madeAt.getTime());
  if (order.served && order.servedAt) known.push(order.servedAt.getTime());
  if (known.length === 0) return null;
  return new Date(Math.max(order.effectiveFrom.getTime(), Math.min(...known)));
}

function knownToRespondentAt(order: OrderStatusFacts, asOf: Date): boolean {
  const t = asOf.getTime();
  if (order.respondentPresent === true && order.madeAt && order.madeAt.getTime() <= t) return true;
  if (!order.served) return false;
  // Served at an unstated time: the statement of service exists, so it has happened.
  return !order.servedAt || order.servedAt.getTime() <= t;
}

export function orderStatusAt(order: OrderStatusFacts, asOf: Date): OrderStatus {
  if (order.ended !== null) return order.ended;
  if (order.expiresAt !== null && order.expiresAt.getTime() <= asOf.getTime()) return 'EXPIRED';
  if (order.effectiveFrom.getTime() > asOf.getTime()) return 'NOT_YET_EFFECTIVE';
  return knownToRespondentAt(order, asOf) ? 'IN_FORCE' : 'GRANTED_NOT_SERVED';
}

/** Why the status is what it is, in words an officer at the door can act on. */
export function orderStatusReason(order: OrderStatusFacts, status: OrderStatus): string {
  switch (status) {
    case 'NOT_YET_EFFECTIVE':
      return 'made, but not effective until its start time';
    case 'GRANTED_NOT_SERVED':
      return order.served && order.servedAt
        ? 'granted; service is recorded for a later time — a breach is an offence only once the respondent is aware of the order (FLA 1996 s.42A(2) for orders made without notice)'
        : 'granted, not yet served — a breach is an offence only once the respondent is aware of the order (FLA 1996 s.42A(2) for orders made without notice); tell the respondent of it';
    case 'IN_FORCE':
      if (
        order.respondentPresent === true &&
        order.madeAt &&
        (!order.served || !order.servedAt || order.madeAt <= order.servedAt)
      )
        return 'in force: made with the respondent present in court';
      return order.servedAt
        ? 'in force: served on the respondent'
        : 'in force: served (time of service not given)';
    case 'EXPIRED':
      return 'expired: its end time has passed';
    case 'DISCHARGED':
      return 'discharged by the court';
    case 'REVOKED':
      return 'revoked';
  }
}

/** Orders an officer must know about: anything not yet ended. */
export function isLive(status: OrderStatus): boolean {
  return status !== 'EXPIRED' && status !== 'DISCHARGED' && status !== 'REVOKED';
}
