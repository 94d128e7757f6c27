import { hash, randomUUID } from 'node:crypto';

/**
 * A UUID (version 8, RFC 9562 "custom") derived from the SHA-256 of the parts. Used for event ids so that
 * re-sending the same source record version yields the same id and the projector applies it once.
 */
export function deterministicUuid(...parts: readonly string[]): string {
  // Length-prefix each part so ('ab','c') and ('a','bc') differ.
  const text = parts.map((part) => `${Buffer.byteLength(part)}:${part};`).join('');
  const bytes = hash('sha256', text, 'buffer').subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x80;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * deterministicUuid for ids derived again and again: the folds re-derive the same person, order, case,
 * deadline and alert ids every time they re-fold a stream, and hashing was a tenth of the projector's time.
 * Bounded: the memory is dropped when it holds REMEMBERED_MAX ids.
 */
export function rememberedUuid(...parts: readonly string[]): string {
  const key = parts.map((part) => `${part.length}:${part}`).join(';');
  const known = remembered.get(key);
  if (known !== undefined) return known;
  const id = deterministicUuid(...parts);
  if (remembered.size >= REMEMBERED_MAX) remembered.clear();
  remembered.set(key, id);
  return id;
}

const REMEMBERED_MAX = 100_000;
const remembered = new Map<string, string>();

export function newId(): string {
  return randomUUID();
}
