import { isLive, type OrderStatusFacts, orderStatusAt } from './order-status';

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
