import { type ConnectorDefinition, JSON_FILE_TYPES, JSON_READERS } from '../contract';
import { normalizeShieldlineEvent, SHIELDLINE_EVENTS_CONNECTOR_ID } from './shieldline-events.normalizer';

/** Records already in the canonical catalogue, JSON over HTTP: POST /ingest/shieldline-events. */
export const shieldlineEventsConnector: ConnectorDefinition = {
  id: SHIELDLINE_EVENTS_CONNECTOR_ID,
  agency: 'any',
  contractVersion: 1,
  readers: JSON_READERS,
  fileTypes: JSON_FILE_TYPES,
  normalize: (bytes) => normalizeShieldlineEvent(bytes),
};
