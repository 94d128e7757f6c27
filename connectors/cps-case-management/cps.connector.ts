import { type ConnectorDefinition, JSON_FILE_TYPES, JSON_READERS } from '../contract';
import { CPS_CONNECTOR_ID, normalizeCpsMessage } from './cps.normalizer';

/** CPS case management messages pushed as JSON over HTTP: POST /ingest/cps-case-management. */
export const cpsConnector: ConnectorDefinition = {
  id: CPS_CONNECTOR_ID,
  agency: 'cps',
  contractVersion: 1,
  readers: JSON_READERS,
  fileTypes: JSON_FILE_TYPES,
  normalize: (bytes) => normalizeCpsMessage(bytes),
};
