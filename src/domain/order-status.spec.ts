import {
  enforceableFrom,
  isLive,
  type OrderStatusFacts,
  orderStatusAt,
  orderStatusReason,
} from './order-status';

const at = (iso: string) => new Date(iso);

describe('orderStatusAt', () => {
  const order: OrderStatusFacts = {
    effectiveFrom: at('2026-11-20T10:00:00Z'),
    expiresAt: at('2027-05-20T16:00:00Z'),
    served: false,
    ended: null,
  };

  it('should show a granted order as not yet served until service is recorded', () => {
    expect(orderStatusAt(order, at('2026-11-21T00:00:00Z'))).toBe('GRANTED_NOT_SERVED');
    expect(orderStatusAt({ ...order, served: true }, at('2026-11-21T00:00:00Z'))).toBe('IN_FORCE');
  });

  it('should end the order at its expiry instant with no "expired" event', () => {
    const served = { ...order, served: true };
    expect(orderStatusAt(served, at('2027-05-20T15:59:59.999Z'))).toBe('IN_FORCE');
    expect(orderStatusAt(served, at('2027-05-20T16:00:00Z'))).toBe('EXPIRED');
  });

  it('should keep an "until further order" order in force indefinitely', () => {
    expect(orderStatusAt({ ...order, expiresAt: null, served: true }, at('2099-01-01T00:00:00Z'))).toBe(
      'IN_FORCE',
    );
  });

  it('should say when an order is not yet effective', () => {
    expect(orderStatusAt(order, at('2026-11-20T09:59:59Z'))).toBe('NOT_YET_EFFECTIVE');
  });

  it('should never show a discharged or revoked order as live, even within its dates', () => {
    const midTerm = at('2026-12-01T00:00:00Z');
    for (const ended of ['DISCHARGED', 'REVOKED'] as const) {
      const status = orderStatusAt({ ...order, served: true, expiresAt: null, ended }, midTerm);
      expect(status).toBe(ended);
      expect(isLive(status)).toBe(false);
    }
    expect(isLive(orderStatusAt({ ...order, served: true }, midTerm))).toBe(true);
  });
});

describe('status as the law sees it: enforceable from service, or from the making in the respondent’s presence', () => {
  const made = at('2026-11-20T10:00:00Z');
  const order: OrderStatusFacts = {
    effectiveFrom: made,
    madeAt: made,
    expiresAt: null,
    served: true,
    servedAt: at('2026-11-27T09:00:00Z'),
    respondentPresent: false,
    ended: null,
  };

  it('should not show an order served next week as in force today', () => {
    expect(orderStatusAt(order, at('2026-11-21T00:00:00Z'))).toBe('GRANTED_NOT_SERVED');
    expect(orderStatusAt(order, at('2026-11-27T08:59:59.999Z'))).toBe('GRANTED_NOT_SERVED');
    expect(orderStatusAt(order, at('2026-11-27T09:00:00Z'))).toBe('IN_FORCE');
    expect(enforceableFrom(order)).toEqual(at('2026-11-27T09:00:00Z'));
    expect(orderStatusReason(order, 'GRANTED_NOT_SERVED')).toMatch(/later time/);
  });

  it('should bind a respondent present in court from the making, with no service', () => {
    const present = { ...order, served: false, servedAt: null, respondentPresent: true };
    expect(orderStatusAt(present, at('2026-11-20T09:59:59Z'))).toBe('NOT_YET_EFFECTIVE');
    expect(orderStatusAt(present, at('2026-11-20T10:00:00Z'))).toBe('IN_FORCE');
    expect(enforceableFrom(present)).toEqual(made);
    expect(orderStatusReason(present, 'IN_FORCE')).toBe(
      'in force: made with the respondent present in court',
    );
  });

  it('should treat an unstated presence as not present (never assumed), and unstated service time as served', () => {
    const unknown = { ...order, served: false, servedAt: null, respondentPresent: null };
    expect(orderStatusAt(unknown, at('2026-12-01T00:00:00Z'))).toBe('GRANTED_NOT_SERVED');
    expect(enforceableFrom(unknown)).toBeNull();
    const servedNoTime = { ...unknown, served: true };
    expect(orderStatusAt(servedNoTime, at('2026-12-01T00:00:00Z'))).toBe('IN_FORCE');
    expect(enforceableFrom(servedNoTime)).toBeNull();
    expect(orderStatusReason(servedNoTime, 'IN_FORCE')).toBe('in force: served (time of service not given)');
  });

  it('should not start before the order is effective, however early it was served', () => {
    const early = {
      ...order,
      effectiveFrom: at('2026-12-01T00:00:00Z'),
      servedAt: at('2026-11-25T12:00:00Z'),
    };
    expect(enforceableFrom(early)).toEqual(at('2026-12-01T00:00:00Z'));
    expect(orderStatusAt(early, at('2026-11-30T00:00:00Z'))).toBe('NOT_YET_EFFECTIVE');
  });
});
