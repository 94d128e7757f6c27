import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EVENT_TYPES } from '../domain/canonical-events';

/**
 * Checks that the published contract and the code agree: every canonical event type has a JSON Schema
 * under schema/events/ (and no schema is orphaned), and schema/asyncapi.yaml names each type as a
 * message. Returns the problems; empty means in step.
 */
export function findContractDrift(schemaDir: string): string[] {
  const problems: string[] = [];
  const types = new Set<string>(Object.values(EVENT_TYPES));
  const schemaFiles = new Set(
    readdirSync(join(schemaDir, 'events'))
      .filter((f) => f.endsWith('.json'))
      .map((f) => f.replace(/\.json$/, '')),
  );
  for (const type of types) {
    if (!schemaFiles.has(type)) problems.push(`event type ${type} has no schema/events/${type}.json`);
  }
  for (const file of schemaFiles) {
    if (!types.has(file)) problems.push(`schema/events/${file}.json describes no event type the code emits`);
    const schema = JSON.parse(readFileSync(join(schemaDir, 'events', `${file}.json`), 'utf8')) as {
      $id?: string;
    };
    if (!schema.$id?.endsWith(`/${file}.json`))
      problems.push(`schema/events/${file}.json has a $id that does not name it`);
  }
  const asyncapi = readFileSync(join(schemaDir, 'asyncapi.yaml'), 'utf8');
  for (const type of types) {
    if (!asyncapi.includes(`name: ${type}`))
      problems.push(`schema/asyncapi.yaml has no message named ${type}`);
    if (!asyncapi.includes(`./events/${type}.json`)) {
      problems.push(`schema/asyncapi.yaml does not reference ./events/${type}.json`);
    }
  }
  return problems;
}
