import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { type Hub } from '../../src/app';
import { familyCourtConnector } from '../../connectors/family-court-orders/family-court.connector';
import { nonMolestationOrder, type OrderFixture } from '../factories/family-court.factory';
import { startLocalBroker } from '../harness/infra';
import {
  expectEventually,
  sendAsAClientWould,
  startTestHub,
  testDatabaseUrl,
  uniqueToken,
} from '../utils/test-hub';
import { fromSource } from '../utils/from-source';

const run = promisify(execFile);
const CLI = fromSource('src/cli/shieldline.ts');

async function send(hub: Hub, order: OrderFixture): Promise<void> {
  // A cluster just started may not acknowledge within the bound on a loaded machine: sent again, as a
  // client would.
  const outcome = await sendAsAClientWould(() =>
    hub.ingest.ingest(familyCourtConnector, {
      bytes: Buffer.from(JSON.stringify(order.granted)),
      contentType: 'application/json',
    }),
  );
  expect(outcome.status).toBe('ACCEPTED');
}

async function projected(hub: Hub, orders: readonly OrderFixture[]): Promise<string[]> {
  const rows = await hub.dataSource.query<{ order_ref: string }[]>(
    `SELECT order_ref FROM protective_order WHERE order_ref = ANY($1) ORDER BY order_ref`,
    [orders.map((o) => o.orderRef)],
  );
  return rows.map((r) => r.order_ref);
}

const refs = (orders: readonly OrderFixture[]) => orders.map((o) => o.orderRef).sort();

async function readiness(hub: Hub): Promise<{ status: number; body: { checks: Record<string, unknown> } }> {
  const response = await fetch(`${hub.url}/readyz`);
  return { status: response.status, body: (await response.json()) as { checks: Record<string, unknown> } };
}

/**
 * The projector keeps its read positions in PostgreSQL. When the Kafka cluster is recreated (compose
 * without a volume, a new image) the log starts again at offset 0: before this, every new event below
 * the old position was skipped as "already read" — accepted with 202 and never projected, silently.
 * Now the change is detected, the partitions halt with a reason (/readyz, logs), and a re-seed projects
 * every event of the new log, with nothing projected earlier lost.
 */
describe('a recreated event log (two real Kafka clusters, one PostgreSQL)', () => {
  let otherCluster: { brokers: string; stop(): Promise<void> };
  const prefix = `t${uniqueToken()}.`;
  const cli = (brokers: string, args: string[]) =>
    run(process.execPath, [...CLI, ...args], {
      env: { ...process.env, DATABASE_URL: testDatabaseUrl(), KAFKA_BROKERS: brokers, TOPIC_PREFIX: prefix },
    });

  beforeAll(async () => {
    otherCluster = await startLocalBroker();
  }, 300_000);

  afterAll(async () => {
    await otherCluster?.stop();
  });

  it('should halt instead of skipping, say why, refuse a re-seed while running, and recover every order', async () => {
    const before: OrderFixture[] = [];
    const first = await startTestHub({ TOPIC_PREFIX: prefix });
    try {
      // Until every court partition has been read (orders go to partitions by the hash of their key), so
      // every new order below lands on a partition whose position came from the first cluster.
      const partitionsRead = async () =>
        (
          await first.dataSource.query<{ n: number }[]>(
            `SELECT count(*)::int AS n FROM consumer_offset WHERE topic = $1`,
            [first.topics.court],
          )
        )[0]!.n;
      while ((await partitionsRead()) < 3 && before.length < 60) {
        const order = nonMolestationOrder();
        before.push(order);
        await send(first, order);
        await expectEventually(async () => expect(await projected(first, [order])).toEqual([order.orderRef]));
      }
      expect(await partitionsRead()).toBe(3);
    } finally {
      await first.stop();
    }

    // The same database, a new cluster at the same configuration: the log starts again at offset 0.
    const after = [nonMolestationOrder(), nonMolestationOrder(), nonMolestationOrder()];
    const recreated = await startTestHub({
      TOPIC_PREFIX: prefix,
      KAFKA_BROKERS: otherCluster.brokers,
      LOG_LEVEL: 'silent',
    });
    try {
      // Known at start, before any new event: the positions came from another cluster.
      expect(recreated.projector!.halted.length).toBeGreaterThan(0);
      const ready = await readiness(recreated);
      expect(ready.status).toBe(503);
      const projection = ready.body.checks.projection as { ok: boolean; detail: string };
      expect(projection.ok).toBe(false);
      expect(projection.detail).toMatch(/halted, the event log changed.*projections reseed/);

      for (const order of after) await send(recreated, order);
      // Their batches reach the projector, which refuses them (nothing applied, no position moved).
      await expectEventually(() => expect(recreated.projector!.stats.haltedBatches).toBeGreaterThan(0));
      expect(recreated.projector!.stats.applied).toBe(0);
      expect(await projected(recreated, after)).toEqual([]);

      // Kafka will not move a group that has live members: the operator stops the projector first.
      const refusal = await cli(otherCluster.brokers, ['projections', 'reseed', '--confirm']).then(
        () => null,
        (err: { stderr: string }) => err,
      );
      expect(refusal?.stderr).toMatch(/live member.*stop the projector/);
    } finally {
      await recreated.stop();
    }

    const { stdout } = await cli(otherCluster.brokers, ['projections', 'reseed', '--confirm']);
    const reseeded = JSON.parse(stdout) as { reseeded: boolean; log: string; forgotten: unknown[] };
    expect(reseeded.reseeded).toBe(true);
    expect(reseeded.log).toMatch(/^kafka:/);
    expect(reseeded.forgotten.length).toBeGreaterThan(0);

    const recovered = await startTestHub({
      TOPIC_PREFIX: prefix,
      KAFKA_BROKERS: otherCluster.brokers,
      LOG_LEVEL: 'silent',
    });
    try {
      await expectEventually(
        async () =>
          expect(await projected(recovered, [...before, ...after])).toEqual(refs([...before, ...after])),
        30_000,
      );
      expect(recovered.projector!.halted).toEqual([]);
      expect((await readiness(recovered)).status).toBe(200);
      // Each order folded once: one event each in the store, whatever was replayed.
      const stored = await recovered.dataSource.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM event_store WHERE subject = ANY($1)`,
        [[...before, ...after].map((o) => o.orderRef)],
      );
      expect(stored[0]!.n).toBe(before.length + after.length);
    } finally {
      await recovered.stop();
    }
  }, 180_000);
});
