import { type ConnectorDefinition } from '../contract/connector';
import { normalizeShieldlineEvent, SHIELDLINE_EVENTS_CONNECTOR_ID } from './shieldline-events.normalizer';

/** Records already in the canonical catalogue, JSON over HTTP: POST /ingest/shieldline-events. */
export const shieldlineEventsConnector: ConnectorDefinition = {
  id: SHIELDLINE_EVENTS_CONNECTOR_ID,
  agency: 'any',
  contractVersion: 1,
  contentTypes: ['application/json'],
  normalize: (bytes) => normalizeShieldlineEvent(bytes),
};
