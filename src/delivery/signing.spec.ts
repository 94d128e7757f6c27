import { retryDelayMs, signatureHeader, verifySignature } from './signing';

const k1 = { keyId: 'k1', secret: 'first-secret-0123456789abcdef0123' };
const k2 = { keyId: 'k2', secret: 'second-secret-0123456789abcdef012' };
const body = '{"id":"d1"}';
const now = 1_767_225_600;

describe('delivery signing', () => {
  it('should verify a signature by any of the endpoint’s keys (a rotation: the receiver knows one)', () => {
    const header = signatureHeader(body, now, [k1, k2]);
    expect(header).toMatch(/^k1=[0-9a-f]{64}, k2=[0-9a-f]{64}$/);
    expect(verifySignature(body, String(now), header, [k2], now)).toBe('VALID');
    expect(verifySignature(body, String(now), header, [k1], now + 299)).toBe('VALID');
  });

  it('should refuse a changed body, a changed timestamp, a wrong key, a stale or missing signature', () => {
    const header = signatureHeader(body, now, [k1]);
    expect(verifySignature(`${body} `, String(now), header, [k1], now)).toBe('BAD_SIGNATURE');
    expect(verifySignature(body, String(now + 1), header, [k1], now)).toBe('BAD_SIGNATURE');
    expect(verifySignature(body, String(now), header, [k2], now)).toBe('BAD_SIGNATURE');
    expect(verifySignature(body, String(now), header, [k1], now + 301)).toBe('STALE');
    expect(verifySignature(body, undefined, header, [k1], now)).toBe('MISSING');
    expect(verifySignature(body, String(now), 'k1=zz', [k1], now)).toBe('BAD_SIGNATURE');
    expect(verifySignature(body, '1e9', header, [k1], now)).toBe('BAD_SIGNATURE');
  });

  it('should back off exponentially with full jitter, capped', () => {
    expect(retryDelayMs(1, 1000, 60_000, () => 1)).toBe(1000);
    expect(retryDelayMs(3, 1000, 60_000, () => 1)).toBe(4000);
    expect(retryDelayMs(3, 1000, 60_000, () => 0.5)).toBe(2000);
    expect(retryDelayMs(30, 1000, 60_000, () => 1)).toBe(60_000);
    expect(retryDelayMs(3, 1000, 60_000, () => 0)).toBe(0);
  });
});
