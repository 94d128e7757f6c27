import { type ConnectorDefinition, csvReader, ndjsonReader, wholePayload } from '../contract';
import { normalizePoliceRecord, POLICE_CONNECTOR_ID } from './police.normalizer';

/**
 * Police records: a CSV batch export (uploaded to POST /ingest/police-records as text/csv, dropped in the
 * file-drop directory, or sent with `shieldline ingest`), or the same fields pushed as one JSON object.
 */
export const policeConnector: ConnectorDefinition = {
  id: POLICE_CONNECTOR_ID,
  agency: 'police',
  contractVersion: 1,
  readers: {
    'text/csv': csvReader,
    'application/json': wholePayload('application/json'),
    'application/x-ndjson': ndjsonReader,
  },
  fileTypes: { '.csv': 'text/csv', '.json': 'application/json', '.ndjson': 'application/x-ndjson' },
  normalize: (bytes, mediaType) => normalizePoliceRecord(bytes, mediaType),
};
