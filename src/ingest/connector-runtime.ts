import { createHash } from 'node:crypto';
import {
  ConnectorError,
  type ConnectorDefinition,
  type SourceRecord,
} from '../../connectors/contract/connector';
import { type RetryPolicy } from '../../connectors/contract/source-config';
import { errorMessage } from '../common/errors';
import { decideOnFailure } from '../common/failure-policy';
import { type IngestOutcome, type IngestService } from './ingest.service';
import { type CheckpointStore } from '../persistence/repositories/checkpoint-store';

/** Where records go: in-process to the event log, or over HTTP to a hub. Resolves once durable. */
export interface RecordSink {
  /** One outcome per record, in the same order. */
  send(connector: ConnectorDefinition, records: readonly SourceRecord[]): Promise<IngestOutcome[]>;
}

/** The hub's own ingest path (file drop, CLI with DATABASE_URL). */
export class LocalSink implements RecordSink {
  constructor(private readonly ingest: IngestService) {}

  async send(connector: ConnectorDefinition, records: readonly SourceRecord[]): Promise<IngestOutcome[]> {
    const outcomes = await this.ingest.ingestBatch(
      connector,
      records.map((r) => ({ bytes: r.bytes, contentType: r.mediaType, single: true })),
    );
    // Each record was cut by a reader already, so each payload yields exactly one outcome.
    return outcomes.map(({ payloadIndex: _i, position: _p, locator: _l, ...outcome }) => outcome);
  }
}

export interface Source {
  /** Identity of the content (sha-256 of the bytes unless the caller knows better): the checkpoint key. */
  sourceId: string;
  /** For messages and logs, e.g. the file path. */
  name: string;
  mediaType: string;
  bytes: Buffer;
}

export function sourceFromBytes(name: string, mediaType: string, bytes: Buffer): Source {
  return { sourceId: createHash('sha256').update(bytes).digest('hex'), name, mediaType, bytes };
}

export interface RejectedRecord {
  position: number;
  locator: string;
  reason: string;
  message: string;
  deadLetterId: string;
}

export interface RunProgress {
  done: number;
  total: number;
}

export interface RunSummary {
  source: string;
  records: number;
  /** Records skipped because a checkpoint says they were acknowledged in an earlier run. */
  alreadyDone: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  retries: number;
  /** True when stopped by the caller's signal before the end; the checkpoint marks where. */
  stopped: boolean;
  rejects: RejectedRecord[];
}

export interface RuntimeOptions {
  batchSize: number;
  retry: RetryPolicy;
  sleep?: (ms: number) => Promise<void>;
  onProgress?: (progress: RunProgress) => void;
  signal?: AbortSignal;
}

/**
 * The connector runtime: cuts a source into records with the connector's reader, sends them in batches,
 * and saves a checkpoint only after the log acknowledged a batch — so a stop or a crash resumes after
 * the last acknowledged record: no gap. A crash between acknowledgement and checkpoint re-sends one
 * batch; event ids are deterministic, so those records come back as duplicates and project once.
 * Failures go to the one place that decides (failure-policy.ts): retriable ones are retried with jittered
 * exponential backoff up to the policy's cap, anything else stops the run with the checkpoint intact.
 * Bad records are not failures: they are dead-lettered by ingest and counted here.
 */
export class ConnectorRuntime {
  constructor(
    private readonly sink: RecordSink,
    private readonly checkpoints: CheckpointStore,
    private readonly options: RuntimeOptions,
  ) {}

  async run(connector: ConnectorDefinition, source: Source): Promise<RunSummary> {
    if (connector.contractVersion !== 1) {
      throw new ConnectorError(
        'CONNECTOR_CONFIG_INVALID',
        `connector ${connector.id} was written for contract version ${String(connector.contractVersion)}; this runtime speaks 1`,
      );
    }
    const reader = connector.readers[source.mediaType];
    if (!reader) {
      throw new ConnectorError(
        'SOURCE_UNREADABLE',
        `${connector.id} cannot read ${source.mediaType} (it reads ${Object.keys(connector.readers).join(', ')})`,
      );
    }
    const records = reader(source.bytes);
    const from = await this.checkpoints.load(connector.id, source.sourceId);
    const pending = records.filter((r) => r.position > from);
    const summary: RunSummary = {
      source: source.name,
      records: records.length,
      alreadyDone: records.length - pending.length,
      accepted: 0,
      duplicates: 0,
      rejected: 0,
      retries: 0,
      stopped: false,
      rejects: [],
    };
    const total = records.length;
    this.options.onProgress?.({ done: summary.alreadyDone, total });
    for (let start = 0; start < pending.length; start += this.options.batchSize) {
      if (this.options.signal?.aborted) {
        summary.stopped = true;
        break;
      }
      const batch = pending.slice(start, start + this.options.batchSize);
      const outcomes = await this.withRetry(summary, () => this.sink.send(connector, batch));
      await this.checkpoints.save(connector.id, source.sourceId, batch[batch.length - 1]!.position);
      outcomes.forEach((outcome, i) => {
        if (outcome.status === 'ACCEPTED') {
          if (outcome.duplicate) summary.duplicates += 1;
          else summary.accepted += 1;
          return;
        }
        summary.rejected += 1;
        summary.rejects.push({
          position: batch[i]!.position,
          locator: batch[i]!.locator,
          reason: outcome.reason,
          message: outcome.problems.map((p) => (p.path ? `${p.path} ${p.message}` : p.message)).join('; '),
          deadLetterId: outcome.deadLetterId,
        });
      });
      this.options.onProgress?.({ done: summary.alreadyDone + start + batch.length, total });
    }
    return summary;
  }

  private async withRetry<T>(summary: RunSummary, attempt: () => Promise<T>): Promise<T> {
    const { maxAttempts, initialDelayMs, maxDelayMs } = this.options.retry;
    const sleep = this.options.sleep ?? ((ms) => new Promise<void>((r) => setTimeout(r, ms)));
    for (let n = 1; ; n++) {
      try {
        return await attempt();
      } catch (err) {
        if (decideOnFailure(err) !== 'RETRY') throw err;
        if (n >= maxAttempts) {
          throw new ConnectorError(
            'RETRIES_EXHAUSTED',
            `gave up after ${n} attempts: ${errorMessage(err)} (the checkpoint is kept; run again to resume)`,
            { retriable: true, cause: err },
          );
        }
        summary.retries += 1;
        // Full jitter keeps many connectors from retrying in step against a recovering broker.
        const ceiling = Math.min(maxDelayMs, initialDelayMs * 2 ** (n - 1));
        await sleep(ceiling / 2 + Math.random() * (ceiling / 2));
      }
    }
  }
}
