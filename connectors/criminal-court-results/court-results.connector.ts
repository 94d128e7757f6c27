import { type ConnectorDefinition, wholePayload } from '../contract';
import { COURT_RESULTS_CONNECTOR_ID, normalizeCourtResults } from './court-results.normalizer';

/** Criminal court result messages, one XML document per push: POST /ingest/criminal-court-results. */
export const courtResultsConnector: ConnectorDefinition = {
  id: COURT_RESULTS_CONNECTOR_ID,
  agency: 'court',
  contractVersion: 1,
  readers: {
    'application/xml': wholePayload('application/xml'),
    'text/xml': wholePayload('application/xml'),
  },
  fileTypes: { '.xml': 'application/xml' },
  normalize: (bytes) => normalizeCourtResults(bytes),
};
