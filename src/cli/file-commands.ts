import { readdirSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { extname, join } from 'node:path';
import { CONNECTORS, findConnector } from '../../connectors';
import { type ConnectorDefinition } from '../../connectors/contract/connector';
import { parseSourceConfig } from '../../connectors/contract/source-config';
import { ShieldlineError } from '../common/errors';
import { type CheckpointStore, FileCheckpointStore } from '../persistence/repositories/checkpoint-store';
import {
  ConnectorRuntime,
  type RecordSink,
  type RunProgress,
  type RunSummary,
  sourceFromBytes,
} from '../ingest/connector-runtime';
import { checkRecord } from '../ingest/ingest.service';

export class CliUsageError extends Error {}

export interface FileCommandOptions {
  file: string;
  connector: string | undefined;
  contentType: string | undefined;
}

function resolveConnector(id: string | undefined): ConnectorDefinition {
  if (!id) throw new CliUsageError(`--connector is required (${CONNECTORS.map((c) => c.id).join(', ')})`);
  const connector = findConnector(id);
  if (!connector)
    throw new CliUsageError(`unknown connector "${id}" (${CONNECTORS.map((c) => c.id).join(', ')})`);
  return connector;
}

/** The payload media type of a file: --content-type, else the connector's mapping of its extension. */
export function fileMediaType(connector: ConnectorDefinition, file: string, override?: string): string {
  const mediaType = override ?? connector.fileTypes[extname(file).toLowerCase()];
  if (!mediaType || !connector.readers[mediaType]) {
    const known = Object.entries(connector.fileTypes)
      .map(([ext, type]) => `${ext} (${type})`)
      .join(', ');
    throw new CliUsageError(
      `${connector.id} cannot read ${file}: use ${known}, or --content-type ${Object.keys(connector.readers).join('|')}`,
    );
  }
  return mediaType;
}

function readFile(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (err) {
    throw new ShieldlineError('SOURCE_UNREADABLE', `cannot read ${file}: ${(err as Error).message}`);
  }
}

/**
 * `shieldline check FILE --connector X`: every record through the same normalize + catalogue check as
 * ingest, nothing sent. Prints each problem per record; exit 0 when every record would be accepted.
 */
export function runCheck(options: FileCommandOptions, out: NodeJS.WritableStream): number {
  const connector = resolveConnector(options.connector);
  const files = expandFiles(connector, options.file);
  let failed = 0;
  for (const file of files) failed += checkFile(connector, { ...options, file }, out) === 0 ? 0 : 1;
  if (files.length > 1) out.write(`${files.length} files, ${failed} with rejected records\n`);
  return failed === 0 ? 0 : 3;
}

/** A file, or every file in a directory that the connector reads (by extension), in name order. */
export function expandFiles(connector: ConnectorDefinition, path: string): string[] {
  let isDirectory = false;
  try {
    isDirectory = statSync(path).isDirectory();
  } catch {
    return [path]; // reported by readFile with the reason
  }
  if (!isDirectory) return [path];
  const files = readdirSync(path)
    .filter((name) => connector.fileTypes[extname(name).toLowerCase()])
    .sort()
    .map((name) => join(path, name));
  if (files.length === 0) {
    throw new CliUsageError(
      `${path} holds no ${Object.keys(connector.fileTypes).join(' / ')} files for ${connector.id}`,
    );
  }
  return files;
}

function checkFile(
  connector: ConnectorDefinition,
  options: FileCommandOptions,
  out: NodeJS.WritableStream,
): number {
  const mediaType = fileMediaType(connector, options.file, options.contentType);
  const records = connector.readers[mediaType]!(readFile(options.file));
  let rejected = 0;
  let events = 0;
  for (const record of records) {
    const result = checkRecord(connector, record);
    if (result.ok) {
      events += result.drafts.length;
      continue;
    }
    rejected += 1;
    out.write(`${record.locator} (record ${record.position}): ${result.rejection.reason}\n`);
    for (const p of result.rejection.problems) out.write(`  ${p.path || '(record)'} ${p.message}\n`);
  }
  out.write(
    `${options.file}: ${records.length} records, ${records.length - rejected} valid (${events} events), ${rejected} rejected\n`,
  );
  return rejected === 0 ? 0 : 3;
}

export interface IngestCommandOptions extends FileCommandOptions {
  batchSize: string | undefined;
  fromStart: boolean;
  sink: RecordSink;
  checkpoints: CheckpointStore;
}

export function defaultCheckpointFile(env: NodeJS.ProcessEnv): string {
  const state =
    env.SHIELDLINE_STATE_DIR ?? join(env.XDG_STATE_HOME ?? join(homedir(), '.local', 'state'), 'shieldline');
  return join(state, 'ingest-checkpoints.json');
}

export function fileCheckpoints(env: NodeJS.ProcessEnv): CheckpointStore {
  return new FileCheckpointStore(defaultCheckpointFile(env));
}

/**
 * `shieldline ingest FILE --connector X`: sends the file through the connector runtime (checkpointed,
 * retried) and prints accepted / duplicates / rejected, with a progress bar on a terminal.
 */
export async function runIngest(
  options: IngestCommandOptions,
  out: NodeJS.WritableStream,
  progressOut: NodeJS.WritableStream & { isTTY?: boolean },
): Promise<number> {
  const connector = resolveConnector(options.connector);
  const config = parseSourceConfig(
    { connector: connector.id, batchSize: options.batchSize },
    CONNECTORS.map((c) => c.id),
  );
  const files = expandFiles(connector, options.file);
  const total = { accepted: 0, duplicates: 0, rejected: 0 };
  for (const file of files) {
    const mediaType = fileMediaType(connector, file, options.contentType);
    const source = sourceFromBytes(file, mediaType, readFile(file));
    if (options.fromStart) await options.checkpoints.reset(connector.id, source.sourceId);
    const runtime = new ConnectorRuntime(options.sink, options.checkpoints, {
      batchSize: config.batchSize,
      retry: config.retry,
      onProgress: progressBar(progressOut),
    });
    const summary = await runtime.run(connector, source);
    printSummary(summary, out);
    total.accepted += summary.accepted;
    total.duplicates += summary.duplicates;
    total.rejected += summary.rejected;
  }
  if (files.length > 1) {
    out.write(
      `${files.length} files — accepted ${total.accepted}, duplicates ${total.duplicates}, rejected ${total.rejected}\n`,
    );
  }
  return total.rejected === 0 ? 0 : 3;
}

function progressBar(out: NodeJS.WritableStream & { isTTY?: boolean }): (p: RunProgress) => void {
  let lastDecile = -1;
  return ({ done, total }) => {
    const fraction = total === 0 ? 1 : done / total;
    if (out.isTTY) {
      const width = 30;
      const filled = Math.round(fraction * width);
      out.write(
        `\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${Math.floor(fraction * 100)}% ${done}/${total} records`,
      );
      if (done === total) out.write('\n');
      return;
    }
    // Not a terminal (CI logs, pipes): one line per tenth instead of carriage returns.
    const decile = Math.floor(fraction * 10);
    if (decile !== lastDecile) {
      lastDecile = decile;
      out.write(`progress ${done}/${total} records (${decile * 10}%)\n`);
    }
  };
}

const LISTED_REJECTS = 20;

function printSummary(summary: RunSummary, out: NodeJS.WritableStream): void {
  out.write(
    `${summary.source}: ${summary.records} records — accepted ${summary.accepted}, duplicates ${summary.duplicates}, rejected ${summary.rejected}` +
      (summary.alreadyDone > 0 ? `, already sent in an earlier run ${summary.alreadyDone}` : '') +
      (summary.retries > 0 ? ` (${summary.retries} retries)` : '') +
      '\n',
  );
  for (const r of summary.rejects.slice(0, LISTED_REJECTS)) {
    out.write(`  ${r.locator}: ${r.reason} ${r.message} (dead letter ${r.deadLetterId})\n`);
  }
  if (summary.rejects.length > LISTED_REJECTS) {
    out.write(
      `  …and ${summary.rejects.length - LISTED_REJECTS} more: shieldline dead-letters list --connector <id>\n`,
    );
  }
}
