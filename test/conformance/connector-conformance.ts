import { type ConnectorDefinition, type SourceRecord } from '../../connectors/contract/connector';
import { ShieldlineError } from '../../src/common/errors';
import { type Hub } from '../../src/app';
import { PostgresCheckpointStore } from '../../src/persistence/repositories/checkpoint-store';
import {
  ConnectorRuntime,
  LocalSink,
  type RecordSink,
  type RuntimeOptions,
  type Source,
} from '../../src/ingest/connector-runtime';
import { type IngestOutcome } from '../../src/ingest/ingest.service';
import { DeadLetterRepository } from '../../src/persistence/repositories/dead-letter.repository';
import { expectEventually } from '../utils/test-hub';
import { type Fixture, fixturesOf } from './fixtures';

export { type Fixture, fixturesOf } from './fixtures';

/** A sink that misbehaves on demand around the real one (after Twenty's non-compliant proxy). */
class MisbehavingSink implements RecordSink {
  calls = 0;
  /** What the real sink answered last, even when a failure was thrown after it. */
  lastOutcomes: IngestOutcome[] = [];
  constructor(
    private readonly real: RecordSink,
    private readonly failOn: (call: number) => Error | null,
    private readonly afterPublish = false,
  ) {}

  async send(connector: ConnectorDefinition, records: readonly SourceRecord[]): Promise<IngestOutcome[]> {
    this.calls += 1;
    const failure = this.failOn(this.calls);
    if (failure && !this.afterPublish) throw failure;
    const outcomes = await this.real.send(connector, records);
    this.lastOutcomes = outcomes;
    if (failure) throw failure;
    return outcomes;
  }
}

const RETRIABLE = () =>
  new ShieldlineError('EVENT_LOG_UNAVAILABLE', 'broker unavailable', { retriable: true });
const FATAL = () => new ShieldlineError('INGEST_REFUSED', 'token refused');

/**
 * The shared conformance suite (after Benthos's StreamTests): every connector in connectors/index.ts runs
 * it on its own fixtures, through the real runtime, event log and PostgreSQL.
 */
export function describeConnectorConformance(connector: ConnectorDefinition, getHub: () => Hub): void {
  const fixtures = fixturesOf(connector);
  const options = (extra: Partial<RuntimeOptions> = {}): RuntimeOptions => ({
    batchSize: 2,
    retry: { maxAttempts: 3, initialDelayMs: 1, maxDelayMs: 5 },
    sleep: () => Promise.resolve(),
    ...extra,
  });
  const runtime = (sink: RecordSink, extra: Partial<RuntimeOptions> = {}) =>
    new ConnectorRuntime(sink, new PostgresCheckpointStore(getHub().dataSource), options(extra));
  const realSink = () => new LocalSink(getHub().ingest);
  const eventIds = async (sink: RecordSink, fixture: Fixture): Promise<string[]> => {
    const records = connector.readers[fixture.source.mediaType]!(fixture.source.bytes);
    const outcomes = await sink.send(connector, records);
    return outcomes.flatMap((o) => (o.status === 'ACCEPTED' ? o.events.map((e) => e.id) : []));
  };
  const recorded = async (ids: readonly string[]) => {
    const rows: { n: string }[] = await getHub().dataSource.query(
      'SELECT count(*) AS n FROM event_store WHERE event_id = ANY($1::uuid[])',
      [ids],
    );
    return Number(rows[0]!.n);
  };
  /** A source unique to one test, so checkpoints of other tests do not apply. */
  const fresh = (fixture: Fixture, test: string): Source => ({
    ...fixture.source,
    sourceId: `${fixture.source.sourceId}:${test}:${Date.now()}`,
  });

  describe(`connector conformance: ${connector.id}`, () => {
    it('is idempotent on re-send: the same event ids, reported as duplicates once recorded', async () => {
      for (const fixture of fixtures) {
        const first = await eventIds(realSink(), fixture);
        expect(first.length).toBeGreaterThan(0);
        await expectEventually(async () => expect(await recorded(first)).toBe(first.length), 30_000);
        const summary = await runtime(realSink()).run(connector, fresh(fixture, 'resend'));
        expect(summary).toMatchObject({ accepted: 0, rejected: 0, duplicates: summary.records });
        expect(await eventIds(realSink(), fixture)).toEqual(first);
      }
    });

    it('resumes after a stop with no gap and no duplicate', async () => {
      for (const fixture of fixtures) {
        const source = fresh(fixture, 'stop');
        const stop = new AbortController();
        const first = await runtime(realSink(), {
          batchSize: 1,
          signal: stop.signal,
          onProgress: ({ done }) => done >= 1 && stop.abort(),
        }).run(connector, source);
        const second = await runtime(realSink(), { batchSize: 1 }).run(connector, source);
        const total = first.records;
        if (total > 1) expect(first.stopped).toBe(true);
        expect(second.alreadyDone).toBe(Math.min(1, total));
        // Every record handled exactly once across the two runs.
        expect(first.accepted + first.duplicates + second.accepted + second.duplicates).toBe(total);
        expect(second.alreadyDone + second.accepted + second.duplicates).toBe(total);
      }
    });

    it('after a crash between the log acknowledgement and the checkpoint, re-sends one batch as duplicates', async () => {
      const fixture = fixtures[0]!;
      const source = fresh(fixture, 'crash');
      const crashing = new MisbehavingSink(realSink(), (call) => (call === 1 ? FATAL() : null), true);
      await expect(runtime(crashing, { batchSize: 1 }).run(connector, source)).rejects.toThrow(
        'token refused',
      );
      // The crashed batch reached the log: once projected, the resumed run recognises it.
      const ids = crashing.lastOutcomes.flatMap((o) =>
        o.status === 'ACCEPTED' ? o.events.map((e) => e.id) : [],
      );
      expect(ids.length).toBeGreaterThan(0);
      await expectEventually(async () => expect(await recorded(ids)).toBe(ids.length), 30_000);
      const resumed = await runtime(realSink(), { batchSize: 1 }).run(connector, source);
      expect(resumed.alreadyDone).toBe(0);
      expect(resumed.duplicates).toBeGreaterThanOrEqual(1);
      expect(resumed.accepted + resumed.duplicates).toBe(resumed.records);
    });

    it('classifies failures: retriable ones are retried, others stop the run with the checkpoint kept', async () => {
      const fixture = fixtures[0]!;
      const flaky = new MisbehavingSink(realSink(), (call) => (call <= 2 ? RETRIABLE() : null));
      const recovered = await runtime(flaky).run(connector, fresh(fixture, 'flaky'));
      expect(recovered.retries).toBe(2);
      expect(recovered.accepted + recovered.duplicates).toBe(recovered.records);

      const source = fresh(fixture, 'refused');
      const refused = new MisbehavingSink(realSink(), () => FATAL());
      await expect(runtime(refused).run(connector, source)).rejects.toMatchObject({
        code: 'INGEST_REFUSED',
        retriable: false,
      });
      expect(refused.calls).toBe(1);
      expect(await new PostgresCheckpointStore(getHub().dataSource).load(connector.id, source.sourceId)).toBe(
        0,
      );

      const down = new MisbehavingSink(realSink(), () => RETRIABLE());
      await expect(runtime(down).run(connector, fresh(fixture, 'down'))).rejects.toMatchObject({
        code: 'RETRIES_EXHAUSTED',
        retriable: true,
      });
      expect(down.calls).toBe(3);
    });

    it('sends a broken record to the dead-letter store with its reason and original bytes', async () => {
      const fixture = fixtures[0]!;
      const [record] = connector.readers[fixture.source.mediaType]!(fixture.source.bytes);
      const broken = record!.bytes.subarray(0, Math.floor(record!.bytes.length / 2));
      const [outcome] = await realSink().send(connector, [{ ...record!, bytes: broken }]);
      expect(outcome).toMatchObject({ status: 'REJECTED' });
      if (outcome?.status !== 'REJECTED') return;
      const stored = await expectEventually(async () => {
        const letter = await new DeadLetterRepository(getHub().dataSource).get(outcome.deadLetterId);
        expect(letter).not.toBeNull();
        return letter!;
      }, 30_000);
      expect(stored.connector).toBe(connector.id);
      expect(stored.reasonCode).toBe(outcome.reason);
      expect(Buffer.compare(stored.originalBytes, broken)).toBe(0);
    });
  });
}
