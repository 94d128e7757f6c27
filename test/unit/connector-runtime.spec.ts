import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type SourceRecord } from '../../connectors/contract';
import { policeConnector } from '../../connectors/police-records/police.connector';
import { ShieldlineError } from '../../src/common/errors';
import { type CheckpointStore } from '../../src/persistence/repositories/checkpoint-store';
import {
  ConnectorRuntime,
  LocalSink,
  type RecordSink,
  sourceFromBytes,
} from '../../src/ingest/connector-runtime';
import { IngestService } from '../../src/ingest/ingest.service';
import { topicNames } from '../../src/messaging/topics';
import { InMemoryEventLog } from '../fakes/in-memory-event-log';

const EXPORT = join(__dirname, '../../connectors/police-records/fixtures/police-export.csv');
const source = () => sourceFromBytes('police-export.csv', 'text/csv', readFileSync(EXPORT));

class MemoryCheckpoints implements CheckpointStore {
  readonly positions = new Map<string, number>();
  load(connectorId: string, sourceId: string) {
    return Promise.resolve(this.positions.get(`${connectorId}/${sourceId}`) ?? 0);
  }
  save(connectorId: string, sourceId: string, position: number) {
    this.positions.set(`${connectorId}/${sourceId}`, position);
    return Promise.resolve();
  }
  reset(connectorId: string, sourceId: string) {
    this.positions.delete(`${connectorId}/${sourceId}`);
    return Promise.resolve();
  }
}

/** The real ingest path over an in-memory log, failing the calls a test names (as a broker or a proxy would). */
class FlakySink implements RecordSink {
  calls = 0;
  private readonly inner: LocalSink;
  constructor(
    readonly log: InMemoryEventLog,
    private readonly failOn: (call: number) => Error | null,
  ) {
    this.inner = new LocalSink(
      new IngestService(
        log,
        topicNames('unit.'),
        () => new Date(0),
        () => Promise.resolve({ recorded: new Set(), conflicting: new Set() }),
      ),
    );
  }
  async send(connector: typeof policeConnector, records: readonly SourceRecord[]) {
    this.calls += 1;
    const failure = this.failOn(this.calls);
    if (failure) throw failure;
    return this.inner.send(connector, records);
  }
}

const retriable = () => new ShieldlineError('EVENT_LOG_UNAVAILABLE', 'down', { retriable: true });
const options = {
  batchSize: 4,
  retry: { maxAttempts: 5, initialDelayMs: 1, maxDelayMs: 2 },
  sleep: () => Promise.resolve(),
};

/** The connector runtime's batching, retries and checkpoints, against fakes of its sink and checkpoint store. */
describe('ConnectorRuntime (against fakes of its ports)', () => {
  it('should send every record in batches and checkpoint the last acknowledged one', async () => {
    const checkpoints = new MemoryCheckpoints();
    const sink = new FlakySink(new InMemoryEventLog(), () => null);
    const summary = await new ConnectorRuntime(sink, checkpoints, options).run(policeConnector, source());
    expect(summary.accepted + summary.rejected + summary.duplicates).toBe(summary.records);
    expect(sink.calls).toBe(Math.ceil(summary.records / options.batchSize));
    expect([...checkpoints.positions.values()]).toEqual([summary.records]);
  });

  it('should retry a retriable failure and lose nothing', async () => {
    const sink = new FlakySink(new InMemoryEventLog(), (call) =>
      call === 2 || call === 3 ? retriable() : null,
    );
    const summary = await new ConnectorRuntime(sink, new MemoryCheckpoints(), options).run(
      policeConnector,
      source(),
    );
    expect(summary.retries).toBe(2);
    expect(summary.accepted + summary.rejected).toBe(summary.records);
  });

  it('should stop on a failure that is not retriable with the checkpoint at the last acknowledged batch, and resume there', async () => {
    const checkpoints = new MemoryCheckpoints();
    const refused = new ShieldlineError('INGEST_REFUSED', 'token refused');
    const failing = new FlakySink(new InMemoryEventLog(), (call) => (call === 2 ? refused : null));
    await expect(
      new ConnectorRuntime(failing, checkpoints, options).run(policeConnector, source()),
    ).rejects.toBe(refused);
    expect([...checkpoints.positions.values()]).toEqual([options.batchSize]);

    const resumed = new FlakySink(new InMemoryEventLog(), () => null);
    const summary = await new ConnectorRuntime(resumed, checkpoints, options).run(policeConnector, source());
    expect(summary.alreadyDone).toBe(options.batchSize);
    expect(summary.accepted + summary.rejected).toBe(summary.records - options.batchSize);
  });
});
