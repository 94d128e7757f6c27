import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { type DataSource } from 'typeorm';

/**
 * Where a connector got to in a source: the position of the last record the log acknowledged. Saved
 * only after the acknowledgement (connector-runtime.ts), so it never runs ahead of what is durable.
 */
export interface CheckpointStore {
  /** 0 when the source was never started. */
  load(connectorId: string, sourceId: string): Promise<number>;
  save(connectorId: string, sourceId: string, position: number): Promise<void>;
  /** Forget a source, so it is read from the start again (`shieldline ingest --from-start`). */
  reset(connectorId: string, sourceId: string): Promise<void>;
}

/** The hub's checkpoints (file drop), in PostgreSQL next to the projections. */
export class PostgresCheckpointStore implements CheckpointStore {
  constructor(private readonly dataSource: DataSource) {}

  async load(connectorId: string, sourceId: string): Promise<number> {
    const rows: { position: string }[] = await this.dataSource.query(
      'SELECT position FROM connector_checkpoint WHERE connector = $1 AND source_id = $2',
      [connectorId, sourceId],
    );
    return rows[0] ? Number(rows[0].position) : 0;
  }

  async save(connectorId: string, sourceId: string, position: number): Promise<void> {
    // GREATEST: a checkpoint never moves backwards, even if two runs of one source overlap.
    await this.dataSource.query(
      `INSERT INTO connector_checkpoint (connector, source_id, position, updated_at)
       VALUES ($1, $2, $3, now())
       ON CONFLICT (connector, source_id)
       DO UPDATE SET position = GREATEST(connector_checkpoint.position, EXCLUDED.position), updated_at = now()`,
      [connectorId, sourceId, position],
    );
  }

  async reset(connectorId: string, sourceId: string): Promise<void> {
    await this.dataSource.query('DELETE FROM connector_checkpoint WHERE connector = $1 AND source_id = $2', [
      connectorId,
      sourceId,
    ]);
  }
}

/**
 * The CLI's checkpoints when it uploads to a hub over HTTP: a small JSON file, replaced atomically
 * (write to a temporary file, then rename) so a crash never leaves it half written.
 */
export class FileCheckpointStore implements CheckpointStore {
  constructor(private readonly path: string) {}

  private read(): Record<string, number> {
    try {
      return JSON.parse(readFileSync(this.path, 'utf8')) as Record<string, number>;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw err;
    }
  }

  private write(all: Record<string, number>): void {
    mkdirSync(dirname(this.path), { recursive: true });
    const temporary = `${this.path}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(all, null, 2));
    renameSync(temporary, this.path);
  }

  load(connectorId: string, sourceId: string): Promise<number> {
    return Promise.resolve(this.read()[`${connectorId}/${sourceId}`] ?? 0);
  }

  save(connectorId: string, sourceId: string, position: number): Promise<void> {
    const all = this.read();
    const key = `${connectorId}/${sourceId}`;
    all[key] = Math.max(all[key] ?? 0, position);
    this.write(all);
    return Promise.resolve();
  }

  reset(connectorId: string, sourceId: string): Promise<void> {
    const all = this.read();
    delete all[`${connectorId}/${sourceId}`];
    this.write(all);
    return Promise.resolve();
  }
}

/**
 * Checkpoints of one destination inside a shared store: what was sent to one hub says nothing about
 * another (or about a new hub behind the same URL), so each (destination, connector, source) is its own.
 */
export class DestinationCheckpoints implements CheckpointStore {
  constructor(
    private readonly inner: CheckpointStore,
    private readonly destination: string,
  ) {}

  load(connectorId: string, sourceId: string): Promise<number> {
    return this.inner.load(this.key(connectorId), sourceId);
  }

  save(connectorId: string, sourceId: string, position: number): Promise<void> {
    return this.inner.save(this.key(connectorId), sourceId, position);
  }

  reset(connectorId: string, sourceId: string): Promise<void> {
    return this.inner.reset(this.key(connectorId), sourceId);
  }

  private key(connectorId: string): string {
    return `${this.destination} ${connectorId}`;
  }
}
