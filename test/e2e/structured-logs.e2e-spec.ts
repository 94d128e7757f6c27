import { Writable } from 'node:stream';
import { type Hub } from '../../src/app';
import { createLogger } from '../../src/common/logger';
import { nonMolestationOrder } from '../factories/family-court.factory';
import { bearer, startTestHub } from '../utils/test-hub';

/**
 * An operator follows one request through the hub's logs: the id the caller sent (or one the hub made)
 * comes back in the response and is on every line written while handling it; every rejection and every
 * refusal is logged once, with its reason, and without the record's content.
 */
describe('structured logs with request ids (real Kafka + PostgreSQL)', () => {
  let hub: Hub;
  const lines: Record<string, unknown>[] = [];

  beforeAll(async () => {
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString('utf8').split('\n').filter(Boolean))
          lines.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    });
    hub = await startTestHub({ LOG_LEVEL: 'info' }, createLogger('info', 'shieldline', stream));
  });

  afterAll(async () => {
    await hub.stop();
  });

  it('should log a rejected record once, under the caller’s request id, without its content', async () => {
    const order = nonMolestationOrder();
    const body = JSON.stringify({ ...order.granted, respondent: undefined });
    const response = await fetch(`${hub.url}/ingest/family-court-orders`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-request-id': 'court-batch-0042',
        authorization: await bearer({
          sub: 'leeds-family-court',
          agency: 'court',
          area: null,
          roles: ['publisher'],
          purpose: 'publication',
        }),
      },
      body,
    });
    expect(response.status).toBe(422);
    expect(response.headers.get('x-request-id')).toBe('court-batch-0042');
    const { deadLetterId } = (await response.json()) as { deadLetterId: string };

    const rejected = lines.filter(
      (l) => l.msg === 'record rejected and dead-lettered' && l.deadLetterId === deadLetterId,
    );
    expect(rejected).toHaveLength(1);
    expect(rejected[0]).toMatchObject({
      level: 'info',
      requestId: 'court-batch-0042',
      connector: 'family-court-orders',
      reason: 'SCHEMA_INVALID',
    });
    expect(JSON.stringify(lines)).not.toContain(order.orderRef);
  });

  it('should give a request without an id a new one, and refuse an implausible id', async () => {
    const plain = await fetch(`${hub.url}/healthz`);
    expect(plain.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const hostile = await fetch(`${hub.url}/healthz`, {
      headers: { 'x-request-id': '<script>alert(1)</script>' },
    });
    expect(hostile.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('should log a refusal once with its rule, naming no record', async () => {
    const response = await fetch(hub.graphqlUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-request-id': 'officer-app-7',
        // An officer asking for dead letters: the operator role is needed.
        authorization: await bearer({
          sub: 'pc-1',
          agency: 'police',
          area: 'WYP',
          roles: ['officer'],
          purpose: 'enforcement',
        }),
      },
      body: JSON.stringify({ query: '{ deadLetters { edges { node { message } } } }' }),
    });
    expect(response.status).toBe(200);
    const refusals = lines.filter((l) => l.msg === 'access refused' && l.requestId === 'officer-app-7');
    expect(refusals).toHaveLength(1);
    expect(refusals[0]).toMatchObject({
      actor: 'pc-1',
      agency: 'police',
      records: expect.any(Number) as number,
    });
    expect((refusals[0]!.rules as string[])[0]).toMatch(/^rule:/);
  });
});
