import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { type ConnectorDefinition } from '../../connectors/contract/connector';
import { DEFAULT_SOURCE_CONFIG } from '../../connectors/contract/source-config';
import { errorMessage } from '../common/errors';
import { type Logger } from '../common/logger';
import { type CheckpointStore } from '../persistence/repositories/checkpoint-store';
import { ConnectorRuntime, type RecordSink, sourceFromBytes } from './connector-runtime';

/**
 * File drop: a source system (or an operator) puts export files in `<dir>/<connector-id>/`. Each file is
 * read through the connector runtime — checkpointed in the database, so a restart of the hub resumes a
 * half-read file — then moved to `<connector-id>/done/` with `<name>.summary.json` beside it (accepted,
 * duplicates, rejected with their lines and dead-letter ids). Write files under a name starting with "."
 * or ending in .part / .tmp and rename them when complete: those names are never picked up. A file whose
 * run fails (the log unavailable after every retry) stays where it is and is tried again on the next poll.
 */
export class FileDropWatcher {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly directory: string,
    private readonly connectors: readonly ConnectorDefinition[],
    private readonly sink: RecordSink,
    private readonly checkpoints: CheckpointStore,
    private readonly logger: Logger,
    private readonly pollMs = 2000,
  ) {}

  start(): void {
    for (const connector of this.connectors)
      mkdirSync(join(this.directory, connector.id, 'done'), { recursive: true });
    const tick = () => {
      this.running = this.scan()
        .catch((err: unknown) => this.logger.error('file drop scan failed', { error: errorMessage(err) }))
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(tick, this.pollMs);
        });
    };
    tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** One pass over every connector's folder; files in name order. */
  async scan(): Promise<void> {
    for (const connector of this.connectors) {
      const folder = join(this.directory, connector.id);
      const names = readdirSync(folder)
        .filter((name) => !name.startsWith('.') && !/\.(part|tmp)$/i.test(name))
        .filter((name) => statSync(join(folder, name)).isFile())
        .sort();
      for (const name of names) {
        if (this.stopped) return;
        await this.ingestFile(connector, folder, name);
      }
    }
  }

  private async ingestFile(connector: ConnectorDefinition, folder: string, name: string): Promise<void> {
    const path = join(folder, name);
    const mediaType = connector.fileTypes[extname(name).toLowerCase()];
    const done = join(folder, 'done', name);
    if (!mediaType) {
      this.logger.warn('file drop: not a file type this connector reads; moved aside', {
        connector: connector.id,
        name,
      });
      renameSync(path, `${done}.unreadable`);
      return;
    }
    const runtime = new ConnectorRuntime(this.sink, this.checkpoints, { ...DEFAULT_SOURCE_CONFIG });
    try {
      const summary = await runtime.run(connector, sourceFromBytes(name, mediaType, readFileSync(path)));
      writeFileSync(`${done}.summary.json`, `${JSON.stringify(summary, null, 2)}\n`);
      renameSync(path, done);
      this.logger.info('file drop: file ingested', {
        connector: connector.id,
        name,
        records: summary.records,
        accepted: summary.accepted,
        duplicates: summary.duplicates,
        rejected: summary.rejected,
      });
    } catch (err) {
      this.logger.warn('file drop: file not finished; will resume from its checkpoint', {
        connector: connector.id,
        name,
        error: errorMessage(err),
      });
    }
  }
}
