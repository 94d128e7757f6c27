import { type RecordReader, wholePayload } from './connector';
import { ndjsonReader } from './readers';

/** Payload formats of a JSON connector: one message per push, or many, one per line (files, bulk pushes). */
export const JSON_READERS: Readonly<Record<string, RecordReader>> = {
  'application/json': wholePayload('application/json'),
  'application/x-ndjson': ndjsonReader,
};

export const JSON_FILE_TYPES: Readonly<Record<string, string>> = {
  '.json': 'application/json',
  '.ndjson': 'application/x-ndjson',
  '.jsonl': 'application/x-ndjson',
};
