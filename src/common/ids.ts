import { createHash, randomUUID } from 'node:crypto';

/**
 * A UUID (version 8, RFC 9562 "custom") derived from the SHA-256 of the parts. Used for event ids so that
 * re-sending the same source record version yields the same id and the projector applies it once.
 */
export function deterministicUuid(...parts: readonly string[]): string {
  const hash = createHash('sha256');
  for (const part of parts) {
    // Length-prefix each part so ('ab','c') and ('a','bc') differ.
    hash.update(`${Buffer.byteLength(part)}:${part};`);
  }
  const bytes = hash.digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x80;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function newId(): string {
  return randomUUID();
}
