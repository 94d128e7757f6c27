import { type TObject } from '@sinclair/typebox';

/**
 * The agency whose system an event comes from, and so the topic it travels on. Not a caller's agency
 * (src/security/entitlements.ts `Agency`: police, CPS, court, IDVA, immigration…).
 */
export type SourceAgency = 'court' | 'police' | 'cps';

/** One canonical event type: its CloudEvents `type`, the topic (agency) it travels on and its `data` schema. */
export interface EventDefinition<Data extends TObject = TObject, Name extends string = string> {
  /** Short name used in code, the AsyncAPI message name suffix and GraphQL enums, e.g. orderGranted. */
  name: Name;
  /** CloudEvents type, e.g. uk.shieldline.court.order.granted.v1. */
  type: string;
  agency: SourceAgency;
  title: string;
  description: string;
  /** What the CloudEvents `subject` holds (the partition key). */
  subject: string;
  /** The `data` field whose value is the subject. */
  subjectField: string;
  /**
   * 'hub' for an event only the hub itself emits (a reviewer's decision made through the gateway): every
   * ingest door refuses it, so no source can forge one. Absent for the sources' events.
   */
  origin?: 'hub';
  data: Data;
}

export function defineEvent<const Name extends string, Data extends TObject>(
  definition: EventDefinition<Data, Name>,
): EventDefinition<Data, Name> {
  return definition;
}
