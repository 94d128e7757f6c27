import { type ErrorObject } from 'ajv';
import { compileDefinition, compileSchema, problemsFromAjv } from '../../src/common/json-schema';
import { type Problem, type RejectionReason } from './connector';

// The schema core lives below the data path (src/common) so the projector checks events with the same
// validators; connectors keep importing it from here.
export { compileDefinition, compileSchema, problemsFromAjv };
import { hostileStrings } from './hostile-text';

/** Format failures on date fields are impossible dates; anything else is a schema violation. */
export function schemaRejectionReason(errors: readonly ErrorObject[] | null | undefined): RejectionReason {
  const all = errors ?? [];
  const dateFormat = (e: ErrorObject) =>
    e.keyword === 'format' && ['date', 'date-time'].includes((e.params as { format: string }).format);
  return all.length > 0 && all.every(dateFormat) ? 'IMPOSSIBLE_DATE' : 'SCHEMA_INVALID';
}

/**
 * Strict JSON for source records: valid UTF-8, valid JSON, and no object with the same key twice. Two
 * parsers disagreeing on which duplicate wins is a classic smuggling vector (one system validates the
 * first value, another acts on the last), so a duplicate is refused rather than resolved.
 */
export function parseJson(
  bytes: Buffer,
):
  | { ok: true; value: unknown }
  | { ok: false; reason: 'UNPARSEABLE' | 'FORBIDDEN_CONSTRUCT'; problem: Problem } {
  const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
  let decoded: string;
  try {
    decoded = text.decode(bytes);
  } catch {
    return { ok: false, reason: 'UNPARSEABLE', problem: { path: '', message: 'body is not valid UTF-8' } };
  }
  let value: unknown;
  try {
    value = JSON.parse(decoded) as unknown;
  } catch (err) {
    return {
      ok: false,
      reason: 'UNPARSEABLE',
      problem: { path: '', message: `body is not valid JSON: ${(err as Error).message}` },
    };
  }
  const duplicate = firstDuplicateKey(decoded);
  if (duplicate !== null) {
    return {
      ok: false,
      reason: 'UNPARSEABLE',
      problem: { path: duplicate.path, message: `key "${duplicate.key}" appears twice in one object` },
    };
  }
  const [hostile] = hostileStrings(value);
  if (hostile) return { ok: false, reason: 'FORBIDDEN_CONSTRUCT', problem: hostile };
  return { ok: true, value };
}

/**
 * Scans already-valid JSON text for an object with a repeated key; returns the first one with the JSON
 * Pointer of its object. Linear, no recursion (hostile nesting depth cannot overflow the stack).
 */
export function firstDuplicateKey(json: string): { key: string; path: string } | null {
  interface Frame {
    keys: Set<string> | null; // null for arrays
    expectKey: boolean;
    segment: string;
    index: number;
  }
  const stack: Frame[] = [];
  let pendingKey: string | null = null;
  const pointer = () =>
    stack
      .slice(1)
      .map((f) => f.segment)
      .join('/');
  for (let i = 0; i < json.length; i++) {
    const c = json[i]!;
    if (c === '"') {
      let j = i + 1;
      while (json[j] !== '"') j += json[j] === '\\' ? 2 : 1;
      const top = stack[stack.length - 1];
      if (top?.keys && top.expectKey) {
        const key = JSON.parse(json.slice(i, j + 1)) as string;
        if (top.keys.has(key)) return { key, path: stack.length > 1 ? `/${pointer()}` : '' };
        top.keys.add(key);
        top.expectKey = false;
        pendingKey = key;
      }
      i = j;
    } else if (c === '{' || c === '[') {
      const parent = stack[stack.length - 1];
      const segment = parent ? (parent.keys ? (pendingKey ?? '') : String(parent.index)) : '';
      stack.push({ keys: c === '{' ? new Set() : null, expectKey: c === '{', segment, index: 0 });
    } else if (c === '}' || c === ']') {
      stack.pop();
    } else if (c === ',') {
      const top = stack[stack.length - 1];
      if (top?.keys) top.expectKey = true;
      else if (top) top.index += 1;
    }
  }
  return null;
}
