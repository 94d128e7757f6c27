import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * How the hub signs what it sends a force, and how a force signs what it sends back (an
 * acknowledgement): HMAC-SHA256 over `<timestamp>.<body>` with each active key of the endpoint, so a
 * receiver holding either key verifies during a rotation. The timestamp is signed too, so a captured
 * request cannot be replayed outside the tolerance. (The scheme is Stripe's and Standard Webhooks'.)
 *
 *   Shieldline-Timestamp: 1767225600
 *   Shieldline-Signature: k1=5257a869e7…, k2=9f86d081884c…
 *   Idempotency-Key: <the delivery id — the same on every attempt and replay>
 */
export const TIMESTAMP_HEADER = 'shieldline-timestamp';
export const SIGNATURE_HEADER = 'shieldline-signature';
export const IDEMPOTENCY_HEADER = 'idempotency-key';
/** A signed request older or newer than this is refused. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

export interface SigningKey {
  keyId: string;
  secret: string;
}

export function signature(body: string | Buffer, timestamp: number, key: SigningKey): string {
  return createHmac('sha256', key.secret).update(`${timestamp}.`).update(body).digest('hex');
}

/** The signature header value: one `keyId=hex` per key. */
export function signatureHeader(
  body: string | Buffer,
  timestamp: number,
  keys: readonly SigningKey[],
): string {
  return keys.map((key) => `${key.keyId}=${signature(body, timestamp, key)}`).join(', ');
}

export type VerifyOutcome = 'VALID' | 'MISSING' | 'STALE' | 'BAD_SIGNATURE';

/** Whether any signature in the header is a valid one by any of `keys`, within the tolerance. */
export function verifySignature(
  body: string | Buffer,
  timestampHeader: string | undefined,
  signatureHeaderValue: string | undefined,
  keys: readonly SigningKey[],
  nowSeconds: number,
): VerifyOutcome {
  if (!timestampHeader || !signatureHeaderValue) return 'MISSING';
  if (!/^\d{1,12}$/.test(timestampHeader)) return 'BAD_SIGNATURE';
  const timestamp = Number(timestampHeader);
  if (Math.abs(nowSeconds - timestamp) > SIGNATURE_TOLERANCE_SECONDS) return 'STALE';
  const offered = new Map<string, string>();
  for (const part of signatureHeaderValue.split(',')) {
    const [keyId, hex] = part.trim().split('=');
    if (keyId && hex) offered.set(keyId, hex);
  }
  for (const key of keys) {
    const given = offered.get(key.keyId);
    if (!given || !/^[0-9a-f]{64}$/.test(given)) continue;
    const expected = Buffer.from(signature(body, timestamp, key), 'hex');
    if (timingSafeEqual(expected, Buffer.from(given, 'hex'))) return 'VALID';
  }
  return 'BAD_SIGNATURE';
}

/**
 * The wait before attempt `attempt + 1` after `attempt` failures: exponential, capped, with full jitter
 * (a random wait from 0 to the exponential bound), so receivers coming back from an outage are not hit
 * by every sender at once.
 */
export function retryDelayMs(attempt: number, baseMs: number, maxMs: number, random: () => number): number {
  const bound = Math.min(maxMs, baseMs * 2 ** Math.min(30, Math.max(0, attempt - 1)));
  return Math.round(bound * random());
}
