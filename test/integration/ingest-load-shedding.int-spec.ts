import { Client } from 'pg';
import { type Hub } from '../../src/app';
import { nonMolestationOrder } from '../factories/family-court.factory';
import { bearer, COURT_PUBLISHER, expectEventually, postRecord, startTableLogHub } from '../utils/test-hub';

async function metric(hub: Hub, name: string): Promise<number> {
  const text = await (await fetch(`${hub.url}/metrics`)).text();
  const line = new RegExp(`^${name}(?:\\{[^}]*\\})? (\\d+(?:\\.\\d+)?)$`, 'm').exec(text);
  return line ? Number(line[1]) : 0;
}

/**
 * Above its capacity the ingest door sheds load: a request over INGEST_MAX_IN_FLIGHT is answered at once,
 * unread, with 503, `retriable: true` and Retry-After — never a reset connection — and the gateway goes on
 * answering. The request being handled is accepted, and the refused one is accepted when sent again.
 */
describe('ingest door load shedding (real PostgreSQL, table event log)', () => {
  let hub: Hub;
  let holder: Client;

  beforeAll(async () => {
    hub = await startTableLogHub({ INGEST_MAX_IN_FLIGHT: '1' });
    holder = new Client({ connectionString: hub.databaseUrl });
    await holder.connect();
  });

  afterAll(async () => {
    await holder.end();
    await hub.stop();
  });

  it('should refuse the request over the bound as retriable, unread, and lose neither record', async () => {
    const first = nonMolestationOrder();
    const second = nonMolestationOrder();
    // The table log serialises appends to a topic with this lock: held here, the first publish waits.
    await holder.query('BEGIN');
    await holder.query('SELECT pg_advisory_xact_lock(hashtext($1))', [hub.topics.court]);
    let firstAnswer: Promise<{ status: number; body: Record<string, unknown> }> | null = null;
    try {
      firstAnswer = postRecord(hub, 'family-court-orders', JSON.stringify(first.granted));
      await expectEventually(async () =>
        expect(await metric(hub, 'shieldline_ingest_requests_in_flight')).toBe(1),
      );

      const refused = await fetch(`${hub.url}/ingest/family-court-orders`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: await bearer(COURT_PUBLISHER) },
        body: JSON.stringify(second.granted),
      });
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toBe('1');
      expect(await refused.json()).toMatchObject({ error: { code: 'INGEST_OVERLOADED', retriable: true } });
      expect(await metric(hub, 'shieldline_ingest_requests_shed_total')).toBe(1);

      // The gateway is not behind the ingest door's bound.
      const query = await fetch(hub.graphqlUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
      expect(query.status).toBe(200);
    } finally {
      await holder.query('COMMIT');
    }

    expect((await firstAnswer).status).toBe(202);
    const again = await postRecord(hub, 'family-court-orders', JSON.stringify(second.granted));
    expect(again.status).toBe(202);
    expect(await metric(hub, 'shieldline_ingest_requests_in_flight')).toBe(0);
    await expectEventually(async () => {
      const rows = await hub.dataSource.query<{ order_ref: string }[]>(
        'SELECT order_ref FROM protective_order WHERE order_ref = ANY($1) AND granted ORDER BY order_ref',
        [[first.orderRef, second.orderRef]],
      );
      expect(rows.map((r) => r.order_ref)).toEqual([first.orderRef, second.orderRef].sort());
    });
  });
});
