import { type ConnectorDefinition, JSON_FILE_TYPES, JSON_READERS } from '../contract';
import { FAMILY_COURT_CONNECTOR_ID, normalizeFamilyCourtMessage } from './family-court.normalizer';

/** Family court orders pushed as JSON over HTTP: POST /ingest/family-court-orders. */
export const familyCourtConnector: ConnectorDefinition = {
  id: FAMILY_COURT_CONNECTOR_ID,
  agency: 'court',
  contractVersion: 1,
  readers: JSON_READERS,
  fileTypes: JSON_FILE_TYPES,
  normalize: (bytes) => normalizeFamilyCourtMessage(bytes),
};
