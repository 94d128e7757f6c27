import { type ConnectorDefinition } from '../contract/connector';
import { FAMILY_COURT_CONNECTOR_ID, normalizeFamilyCourtMessage } from './family-court.normalizer';

/** Family court orders pushed as JSON over HTTP: POST /ingest/family-court-orders. */
export const familyCourtConnector: ConnectorDefinition = {
  id: FAMILY_COURT_CONNECTOR_ID,
  agency: 'court',
  contractVersion: 1,
  contentTypes: ['application/json'],
  normalize: (bytes) => normalizeFamilyCourtMessage(bytes),
};
