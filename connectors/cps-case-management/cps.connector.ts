import { type ConnectorDefinition } from '../contract/connector';
import { CPS_CONNECTOR_ID, normalizeCpsMessage } from './cps.normalizer';

/** CPS case management messages pushed as JSON over HTTP: POST /ingest/cps-case-management. */
export const cpsConnector: ConnectorDefinition = {
  id: CPS_CONNECTOR_ID,
  agency: 'cps',
  contractVersion: 1,
  contentTypes: ['application/json'],
  normalize: (bytes) => normalizeCpsMessage(bytes),
};
