import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { type Problem, type RejectionReason } from './connector';

/** One strict Ajv instance for source formats: every error reported, formats checked in full mode. */
const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
addFormats(ajv, { mode: 'full', formats: ['date', 'date-time', 'time'] });

/** Validator for one definition inside a schema with an `$id`, e.g. `#/$defs/orderMade`. */
export function compileDefinition<T>(schema: { $id: string }, pointer: string): ValidateFunction<T> {
  if (!ajv.getSchema(schema.$id)) ajv.addSchema(schema);
  const validate = ajv.getSchema<T>(`${schema.$id}${pointer}`);
  if (!validate) throw new Error(`schema ${schema.$id} has no definition at ${pointer}`);
  return validate;
}

/** Validator for a standalone schema (cached by its `$id`). */
export function compileSchema<T>(schema: Record<string, unknown>): ValidateFunction<T> {
  const id = schema.$id;
  if (typeof id === 'string') {
    const existing = ajv.getSchema<T>(id);
    if (existing) return existing;
  }
  // The published files name draft 2020-12; the keywords they use mean the same in Ajv's default draft.
  const { $schema: _metaSchema, ...body } = schema;
  return ajv.compile<T>(body);
}

export function problemsFromAjv(errors: readonly ErrorObject[] | null | undefined): Problem[] {
  return (errors ?? []).map((e) => {
    if (e.keyword === 'required') {
      const missing = (e.params as { missingProperty: string }).missingProperty;
      return { path: `${e.instancePath}/${missing}`, message: 'is required' };
    }
    if (e.keyword === 'additionalProperties') {
      const extra = (e.params as { additionalProperty: string }).additionalProperty;
      return { path: `${e.instancePath}/${extra}`, message: 'is not a known field' };
    }
    if (e.keyword === 'enum') {
      const allowed = (e.params as { allowedValues: unknown[] }).allowedValues;
      return {
        path: e.instancePath,
        message: `must be one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}`,
      };
    }
    if (e.keyword === 'format') {
      const format = (e.params as { format: string }).format;
      const example = format === 'date' ? '2026-11-22' : '2026-11-22T10:15:00Z';
      return { path: e.instancePath, message: `is not a real ${format} (expected e.g. ${example})` };
    }
    return { path: e.instancePath, message: e.message ?? e.keyword };
  });
}

/** Format failures on date fields are impossible dates; anything else is a schema violation. */
export function schemaRejectionReason(errors: readonly ErrorObject[] | null | undefined): RejectionReason {
  const all = errors ?? [];
  const dateFormat = (e: ErrorObject) =>
    e.keyword === 'format' && ['date', 'date-time'].includes((e.params as { format: string }).format);
  return all.length > 0 && all.every(dateFormat) ? 'IMPOSSIBLE_DATE' : 'SCHEMA_INVALID';
}

/**
 * JSON.parse that refuses duplicate keys (a classic smuggling vector: two parsers, two meanings) is for
 * the connectors issue; here bytes must be valid UTF-8 and valid JSON.
 */
export function parseJson(bytes: Buffer): { ok: true; value: unknown } | { ok: false; problem: Problem } {
  const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
  let decoded: string;
  try {
    decoded = text.decode(bytes);
  } catch {
    return { ok: false, problem: { path: '', message: 'body is not valid UTF-8' } };
  }
  try {
    return { ok: true, value: JSON.parse(decoded) as unknown };
  } catch (err) {
    return { ok: false, problem: { path: '', message: `body is not valid JSON: ${(err as Error).message}` } };
  }
}
