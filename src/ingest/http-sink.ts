import { type ConnectorDefinition, type SourceRecord } from '../../connectors/contract/connector';
import { errorMessage, ShieldlineError } from '../common/errors';
import { type BatchResponse, encodeRecordBatch, RECORD_BATCH_MEDIA_TYPE } from './http-ingest';
import { type RecordSink } from './connector-runtime';
import { type IngestOutcome } from './ingest.service';

/**
 * Sends records to a running hub's POST /ingest/:connector as a record batch (each record with its own
 * bytes and media type, so the hub dead-letters exactly what the file held). A 200 means the hub's log
 * acknowledged. Unreachable / 429 / 5xx are retriable; any other refusal (bad token, unknown connector)
 * is not, and stops the run with its checkpoint intact.
 */
/**
 * Who is behind a hub URL: its identity (made with its database), from GET /healthz. Checkpoints are
 * kept per identity, so a fresh hub behind the same URL is sent everything again.
 */
export async function hubIdentity(baseUrl: string): Promise<string> {
  const url = `${baseUrl.replace(/\/$/, '')}/healthz`;
  let body: { hubId?: unknown };
  try {
    const response = await fetch(url);
    body = (await response.json()) as { hubId?: unknown };
  } catch (err) {
    throw new ShieldlineError('HUB_UNAVAILABLE', `cannot reach ${url}: ${errorMessage(err)}`, {
      retriable: true,
      cause: err,
    });
  }
  if (typeof body.hubId !== 'string')
    throw new ShieldlineError('HUB_UNAVAILABLE', `${url} did not say which hub it is (no hubId)`);
  return body.hubId;
}

export class HttpSink implements RecordSink {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string | null,
  ) {}

  async send(connector: ConnectorDefinition, records: readonly SourceRecord[]): Promise<IngestOutcome[]> {
    const url = `${this.baseUrl.replace(/\/$/, '')}/ingest/${encodeURIComponent(connector.id)}`;
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': RECORD_BATCH_MEDIA_TYPE,
          ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        },
        body: encodeRecordBatch(records),
      });
    } catch (err) {
      throw new ShieldlineError('HUB_UNAVAILABLE', `cannot reach ${url}: ${errorMessage(err)}`, {
        retriable: true,
        cause: err,
      });
    }
    const text = await response.text();
    if (response.status !== 200) {
      const retriable = response.status === 429 || response.status >= 500;
      let message = text;
      try {
        const body = JSON.parse(text) as { error?: { code?: string; message?: string } };
        message = `${body.error?.code ?? response.status}: ${body.error?.message ?? text}`;
      } catch {
        // not JSON: keep the text as it came
      }
      throw new ShieldlineError(
        retriable ? 'HUB_UNAVAILABLE' : 'INGEST_REFUSED',
        `${url} answered ${response.status}: ${message}`,
        { retriable },
      );
    }
    const body = JSON.parse(text) as BatchResponse;
    if (body.records.length !== records.length) {
      throw new ShieldlineError(
        'INGEST_REFUSED',
        `${url} answered for ${body.records.length} records, ${records.length} were sent`,
      );
    }
    return body.records.map(({ position: _p, locator: _l, ...outcome }) => outcome);
  }
}
