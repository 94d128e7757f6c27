import { type Hub } from '../../src/app';
import { nonMolestationOrder, uniquePoliceArea } from '../factories/family-court.factory';
import { expectEventually, postRecord, startTestHub, watchAreaOrders } from '../utils/test-hub';

/** One sample of the exposition text: `name{a="x",b="y"} value`, matched on the labels given. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  let total = 0;
  let found = false;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const wanted = Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`));
    if (!wanted) continue;
    total += Number(line.slice(line.lastIndexOf(' ') + 1));
    found = true;
  }
  return found ? total : Number.NaN;
}

async function scrape(hub: Hub): Promise<string> {
  const response = await fetch(`${hub.url}/metrics`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return response.text();
}

/**
 * What an operator's Prometheus sees when orders flow: records by connector and outcome, dead letters by
 * reason, the projector's lag, open subscriptions, and the end-to-end latency of each stage per source
 * — the service levels a force is promised. Scraped from the running hub, as Prometheus would.
 */
describe('Prometheus metrics on /metrics (real Kafka + PostgreSQL)', () => {
  let hub: Hub;

  beforeAll(async () => {
    hub = await startTestHub();
  });

  afterAll(async () => {
    await hub.stop();
  });

  it('should count records and dead letters, and move the stage histograms as an order reaches a subscriber', async () => {
    const before = await scrape(hub);
    const stage = (text: string, s: string) =>
      sample(text, 'shieldline_event_stage_seconds_count', { source: 'family-court-orders', stage: s });
    expect(Number.isNaN(stage(before, 'delivered')) || stage(before, 'delivered') === 0).toBe(true);

    const area = uniquePoliceArea();
    const order = nonMolestationOrder({ policeForce: area });
    const watch = watchAreaOrders(hub, area);
    const { received, connected } = watch;
    try {
      await connected;
      await expectEventually(async () =>
        expect(sample(await scrape(hub), 'shieldline_subscriptions_open')).toBe(1),
      );
      expect((await postRecord(hub, 'family-court-orders', JSON.stringify(order.granted))).status).toBe(202);
      await expectEventually(() => expect(received).toHaveLength(1));
      // Sent again once projected: a duplicate. Then a record nobody can read: a dead letter.
      expect((await postRecord(hub, 'family-court-orders', JSON.stringify(order.granted))).status).toBe(202);
      expect((await postRecord(hub, 'family-court-orders', '{"messageType": ')).status).toBe(400);

      const after = await expectEventually(async () => {
        const text = await scrape(hub);
        expect(stage(text, 'delivered')).toBe(1);
        return text;
      });
      // Per event: the record's event was accepted and projected once (the duplicate adds none).
      expect(stage(after, 'accepted')).toBe(1);
      expect(stage(after, 'projected')).toBe(1);
      const records = (outcome: string, reason = '') =>
        sample(after, 'shieldline_ingest_records_total', {
          connector: 'family-court-orders',
          outcome,
          reason,
        });
      expect(records('accepted')).toBe(1);
      expect(records('duplicate')).toBe(1);
      expect(records('rejected', 'UNPARSEABLE')).toBe(1);
      expect(
        sample(after, 'shieldline_dead_letters_total', {
          origin: 'family-court-orders',
          reason: 'UNPARSEABLE',
        }),
      ).toBe(1);
      expect(
        sample(after, 'shieldline_projector_events_total', { outcome: 'applied' }),
      ).toBeGreaterThanOrEqual(1);
      expect(sample(after, 'shieldline_projector_lag_messages', { topic: hub.topics.court })).toBe(0);
      expect(sample(after, 'shieldline_projector_halted_partitions')).toBe(0);
      expect(sample(after, 'shieldline_audit_appends_total')).toBeGreaterThanOrEqual(1);
      // The officer's delivery was audited and the process is described too.
      expect(sample(after, 'shieldline_process_cpu_seconds_total')).toBeGreaterThan(0);
      // Bounded labels only: no order reference, person or area ever names a series.
      expect(after).not.toContain(order.orderRef);
      expect(after).not.toContain(order.respondent.surname);
    } finally {
      await watch.close();
    }
    await expectEventually(async () =>
      expect(sample(await scrape(hub), 'shieldline_subscriptions_open')).toBe(0),
    );
  });
});
