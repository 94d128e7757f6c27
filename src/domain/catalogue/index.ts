import { COURT_EVENTS } from './court.events';
import { type EventDefinition } from './event-definition';
import { CPS_EVENTS } from './cps.events';
import { POLICE_EVENTS } from './police.events';

export * from './court.events';
export * from './police.events';
export * from './cps.events';
export * from './event-definition';

/** Every canonical event type, in the order the catalogue documents them. */
export const EVENT_CATALOGUE: readonly EventDefinition[] = [...COURT_EVENTS, ...POLICE_EVENTS, ...CPS_EVENTS];

const byType = new Map(EVENT_CATALOGUE.map((d) => [d.type, d]));

export function findEventDefinition(type: string): EventDefinition | undefined {
  return byType.get(type);
}

export const SCHEMA_BASE_URI = 'https://shieldline.example/schema/events/';

/** The published JSON Schema of one event's `data` (schema/events/<type>.json). */
export function eventDataSchema(definition: EventDefinition): Record<string, unknown> {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `${SCHEMA_BASE_URI}${definition.type}.json`,
    title: definition.title,
    description: `\`data\` of a ${definition.type} CloudEvent. ${definition.description} Subject: ${definition.subject}.`,
    ...(JSON.parse(JSON.stringify(definition.data)) as Record<string, unknown>),
  };
}
