import { type ValidateFunction } from 'ajv';
import { compileSchema, problemsFromAjv, type SchemaProblem } from '../../common/json-schema';
import { EVENT_CATALOGUE, eventDataSchema, findEventDefinition } from './index';

const validators = new Map<string, ValidateFunction>();

function validatorFor(type: string): ValidateFunction | null {
  const cached = validators.get(type);
  if (cached) return cached;
  const definition = findEventDefinition(type);
  if (!definition) return null;
  const validate = compileSchema(eventDataSchema(definition));
  validators.set(type, validate);
  return validate;
}

/**
 * Checks a canonical event's `data` against its published schema (schema/events/<type>.json). The ingest
 * runtime runs it on every draft a connector produces, and the projector on every event it reads, so
 * nothing outside the catalogue is ever folded.
 */
export function canonicalProblems(type: string, data: unknown, pathPrefix = ''): SchemaProblem[] {
  const validate = validatorFor(type);
  if (!validate) {
    return [
      {
        path: pathPrefix,
        message: `unknown event type ${JSON.stringify(type)}; known: ${EVENT_CATALOGUE.length} types in schema/events/`,
      },
    ];
  }
  if (validate(data)) return [];
  return problemsFromAjv(validate.errors).map((p) => ({ ...p, path: `${pathPrefix}${p.path}` }));
}
