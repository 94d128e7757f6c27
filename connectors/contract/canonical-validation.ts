import { type ValidateFunction } from 'ajv';
import { EVENT_CATALOGUE, eventDataSchema, findEventDefinition } from '../../src/domain/catalogue';
import { type Problem } from './connector';
import { compileSchema, problemsFromAjv } from './json-validation';

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
 * runtime runs it on every draft a connector produces, so a faulty normalizer cannot publish an event
 * the projector would then have to refuse.
 */
export function canonicalProblems(type: string, data: unknown, pathPrefix = ''): Problem[] {
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
