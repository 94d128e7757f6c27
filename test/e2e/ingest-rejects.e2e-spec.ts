import { type Hub } from '../../src/app';
import { nonMolestationOrder } from '../factories/family-court.factory';
import { expectEventually, OFFICER, postRecord, startTestHub } from '../utils/test-hub';

interface DeadLetterRow {
  reason_code: string;
  connector: string;
  original_bytes: Buffer;
  truncated: boolean;
  message: string;
}

describe('rejected court payloads (real Kafka + PostgreSQL)', () => {
  let hub: Hub;

  beforeAll(async () => {
    hub = await startTestHub({ MAX_PAYLOAD_BYTES: '4096' });
  });

  afterAll(async () => {
    await hub.stop();
  });

  const deadLetter = (id: string) =>
    expectEventually(async () => {
      const rows = await hub.dataSource.query<DeadLetterRow[]>(
        `SELECT reason_code, connector, original_bytes, truncated, message FROM dead_letter WHERE dead_letter_id = $1`,
        [id],
      );
      expect(rows).toHaveLength(1);
      return rows[0]!;
    });

  const withOrder = (mutate: (message: Record<string, Record<string, unknown>>) => void) => {
    const message = structuredClone(nonMolestationOrder().granted) as Record<string, Record<string, unknown>>;
    mutate(message);
    return JSON.stringify(message);
  };

  const cases: { name: string; body: () => string; status: number; reason: string; mentions: string[] }[] = [
    {
      name: 'bad JSON',
      body: () => '{"messageType": "ORDER_MADE", ',
      status: 400,
      reason: 'UNPARSEABLE',
      mentions: ['not valid JSON'],
    },
    {
      name: 'missing fields',
      body: () =>
        withOrder((m) => {
          delete m.respondent;
          delete m.order!.effectiveFrom;
        }),
      status: 422,
      reason: 'SCHEMA_INVALID',
      mentions: ['/respondent is required', '/order/effectiveFrom is required'],
    },
    {
      name: 'impossible dates',
      body: () =>
        withOrder((m) => {
          m.order!.effectiveFrom = '2026-02-30T09:00:00Z';
        }),
      status: 422,
      reason: 'IMPOSSIBLE_DATE',
      mentions: ['/order/effectiveFrom is not a real date-time'],
    },
    {
      name: 'an order that ends before it starts',
      body: () =>
        withOrder((m) => {
          m.order!.endsOn = '2020-01-01T00:00:00Z';
        }),
      status: 422,
      reason: 'IMPOSSIBLE_DATE',
      mentions: ['/order/endsOn must be after effectiveFrom'],
    },
    {
      name: 'unknown order type',
      body: () =>
        withOrder((m) => {
          m.order!.form = 'FL999';
        }),
      status: 422,
      reason: 'UNKNOWN_CODE',
      mentions: ['unknown order form "FL999"'],
    },
  ];

  it.each(cases)(
    'should answer $name with a clear 4xx and keep a dead letter with the original bytes',
    async (c) => {
      const body = c.body();
      const response = await postRecord(hub, 'family-court-orders', body);
      expect(response.status).toBe(c.status);
      expect(response.body).toMatchObject({ status: 'REJECTED', reason: c.reason });
      const problems = (response.body.problems as { path: string; message: string }[]).map((p) =>
        `${p.path} ${p.message}`.trim(),
      );
      for (const mention of c.mentions) expect(problems.join('\n')).toContain(mention);

      const row = await deadLetter(response.body.deadLetterId as string);
      expect(row.reason_code).toBe(c.reason);
      expect(row.connector).toBe('family-court-orders');
      expect(row.original_bytes.toString('utf8')).toBe(body);
      expect(row.truncated).toBe(false);
    },
  );

  it('should answer XML nested past the parser’s limit, and a lone surrogate, with 4xx and a dead letter', async () => {
    const deep = `<results>${'<x>'.repeat(10_000)}${'</x>'.repeat(10_000)}</results>`;
    const xml = await postRecord(hub, 'criminal-court-results', deep, 'application/xml');
    expect(xml.status).toBeGreaterThanOrEqual(400);
    expect(xml.status).toBeLessThan(500);
    const stored = await deadLetter(xml.body.deadLetterId as string);
    expect(stored.reason_code).toBe(xml.body.reason);
    // Kept whole, or its first bytes with truncated set, as the dead-letter store keeps large records.
    expect(deep.startsWith(stored.original_bytes.toString('utf8'))).toBe(true);
    const order = nonMolestationOrder();
    const surrogate = JSON.stringify(order.granted).replace(
      JSON.stringify(order.respondent.surname),
      '"Smith\\ud800"',
    );
    const json = await postRecord(hub, 'family-court-orders', surrogate);
    expect(json.status).toBe(422);
    expect(json.body.reason).toBe('FORBIDDEN_CONSTRUCT');
    expect((await deadLetter(json.body.deadLetterId as string)).reason_code).toBe('FORBIDDEN_CONSTRUCT');
  });

  it('should refuse a body that is not JSON by content type (415) and dead-letter it', async () => {
    const response = await postRecord(hub, 'family-court-orders', '<order/>', 'application/xml');
    expect(response.status).toBe(415);
    const row = await deadLetter(response.body.deadLetterId as string);
    expect(row.reason_code).toBe('UNSUPPORTED_CONTENT_TYPE');
    expect(row.original_bytes.toString('utf8')).toBe('<order/>');
  });

  it('should refuse an oversized body (413), keeping its first bytes and saying they were cut', async () => {
    const body = JSON.stringify({ padding: 'x'.repeat(10_000) });
    const response = await postRecord(hub, 'family-court-orders', body);
    expect(response.status).toBe(413);
    const row = await deadLetter(response.body.deadLetterId as string);
    expect(row.reason_code).toBe('OVERSIZED');
    expect(row.truncated).toBe(true);
    expect(row.original_bytes.toString('utf8')).toBe(body.slice(0, 4096));
  });

  it('should refuse publishers without a signed token (401) or without the publisher role (403)', async () => {
    const order = JSON.stringify(nonMolestationOrder().granted);
    const anonymous = await postRecord(hub, 'family-court-orders', order, 'application/json', null);
    expect(anonymous.status).toBe(401);
    expect(anonymous.body).toEqual({
      error: { code: 'UNAUTHENTICATED', message: 'a signed bearer token is required' },
    });
    const officer = await postRecord(hub, 'family-court-orders', order, 'application/json', OFFICER);
    expect(officer.status).toBe(403);
    expect((officer.body.error as { code: string }).code).toBe('FORBIDDEN');
    // The publisher role alone is not enough: the token must allow the publication purpose, which this
    // door assumes when the token lists it among its purposes.
    const roleOnly = { ...OFFICER, roles: ['officer', 'publisher'] };
    const refused = await postRecord(hub, 'family-court-orders', order, 'application/json', roleOnly);
    expect(refused.body.error).toMatchObject({ code: 'FORBIDDEN', reason: 'NOT_ENTITLED' });
    const mayPublish = { ...roleOnly, purposes: ['publication' as const] };
    expect((await postRecord(hub, 'family-court-orders', order, 'application/json', mayPublish)).status).toBe(
      202,
    );
  });

  it('should answer 404 for a connector that does not exist', async () => {
    const response = await postRecord(hub, 'no-such-court', '{}');
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({ error: { code: 'UNKNOWN_CONNECTOR' } });
  });
});

describe('an event larger than the event log takes (real Kafka + PostgreSQL)', () => {
  let hub: Hub;

  beforeAll(async () => {
    hub = await startTestHub({ MAX_EVENT_BYTES: '6000' });
  });

  afterAll(async () => {
    await hub.stop();
  });

  it('should refuse only that record, as 413 OVERSIZED with a dead letter, while records sent beside it are projected', async () => {
    const large = nonMolestationOrder();
    const terms = (large.granted.order as { terms: { text: string }[] }).terms;
    terms[0]!.text = `The respondent must not contact the applicant. ${'Further detail. '.repeat(500)}`;
    const neighbours = [nonMolestationOrder(), nonMolestationOrder()];
    const [refused, ...accepted] = await Promise.all(
      [large, ...neighbours].map((o) => postRecord(hub, 'family-court-orders', JSON.stringify(o.granted))),
    );
    expect(refused!.status).toBe(413);
    expect(refused!.body.reason).toBe('OVERSIZED');
    const problems = (refused!.body.problems as { message: string }[]).map((p) => p.message).join('\n');
    expect(problems).toMatch(/event is \d+ bytes; the event log takes at most 6000/);
    expect(accepted.map((a) => a.status)).toEqual([202, 202]);

    // The dead letter is projected from the dead-letter topic, like every other.
    const letters = await expectEventually(async () => {
      const rows = await hub.dataSource.query<{ reason_code: string; original_bytes: Buffer }[]>(
        `SELECT reason_code, original_bytes FROM dead_letter WHERE dead_letter_id = $1`,
        [refused!.body.deadLetterId],
      );
      expect(rows.map((l) => l.reason_code)).toEqual(['OVERSIZED']);
      return rows;
    });
    expect(JSON.parse(letters[0]!.original_bytes.toString('utf8'))).toEqual(large.granted);
    await expectEventually(async () => {
      const rows = await hub.dataSource.query<{ order_ref: string }[]>(
        `SELECT order_ref FROM protective_order WHERE order_ref = ANY($1) ORDER BY order_ref`,
        [[large, ...neighbours].map((o) => o.orderRef)],
      );
      expect(rows.map((r) => r.order_ref)).toEqual(neighbours.map((o) => o.orderRef).sort());
    });
  });
});
