/**
 * Status of a protective order as of a moment. Computed, never stored: an order past its end is not in
 * force even if no "expired" event ever arrives (design.md §5).
 *
 * A non-molestation order can only be breached once the respondent knows of it (Family Law Act 1996
 * s.42A(2): aware of the order — outside the source documents, unverified), which is why
 * "granted, not yet served" is its own status; DAC:747 names the missing "granted and served" signal.
 */
export type OrderStatus =
  'NOT_YET_EFFECTIVE' | 'GRANTED_NOT_SERVED' | 'IN_FORCE' | 'EXPIRED' | 'DISCHARGED' | 'REVOKED';

export interface OrderStatusFacts {
  effectiveFrom: Date;
  /** null ⇒ until further order. */
  expiresAt: Date | null;
  served: boolean;
  /** Set once the court discharged or revoked the order: never live again, whatever its dates say. */
  ended: 'DISCHARGED' | 'REVOKED' | null;
}

export function orderStatusAt(order: OrderStatusFacts, asOf: Date): OrderStatus {
  if (order.ended !== null) return order.ended;
  if (order.expiresAt !== null && order.expiresAt.getTime() <= asOf.getTime()) return 'EXPIRED';
  if (order.effectiveFrom.getTime() > asOf.getTime()) return 'NOT_YET_EFFECTIVE';
  return order.served ? 'IN_FORCE' : 'GRANTED_NOT_SERVED';
}

/** Orders an officer must know about: anything not yet ended. */
export function isLive(status: OrderStatus): boolean {
  return status !== 'EXPIRED' && status !== 'DISCHARGED' && status !== 'REVOKED';
}
