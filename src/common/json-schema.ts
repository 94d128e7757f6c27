import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

/** A problem found in a document: where (a JSON pointer) and what. */
export interface SchemaProblem {
  path: string;
  message: string;
}

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

export function problemsFromAjv(errors: readonly ErrorObject[] | null | undefined): SchemaProblem[] {
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
