import { type Hub } from '../../src/app';
import { familyCourtConnector } from '../../connectors/family-court-orders/family-court.connector';
import { nonMolestationOrder } from '../factories/family-court.factory';
import { expectEventually, startTableLogHub, uniqueToken } from '../utils/test-hub';

/**
 * A poison message — a well-formed envelope whose type or data is outside the catalogue — must not
 * stall its partition: it is dead-lettered with its reason and bytes, and what follows it is projected.
 */
describe('projector and poison messages (real Kafka + PostgreSQL)', () => {
  let hub: Hub;

  beforeAll(async () => {
    hub = await startTableLogHub();
  });

  afterAll(async () => {
    await hub.stop();
  });

  it('should dead-letter an unknown type and invalid data, and project the order behind them', async () => {
    const order = nonMolestationOrder();
    const envelope = (id: string, type: string, data: Record<string, unknown>) => ({
      specversion: '1.0',
      id,
      source: 'test/poison',
      type,
      subject: order.orderRef,
      receivedat: new Date().toISOString(),
      datacontenttype: 'application/json',
      data,
    });
    const token = uniqueToken();
    const unknownType = envelope(
      `00000000-0000-4000-8000-${token.padStart(12, '0').slice(-12)}`,
      'uk.shieldline.court.order.teleported.v1',
      { orderRef: order.orderRef },
    );
    const invalidData = envelope(
      `00000000-0000-4000-9000-${token.padStart(12, '0').slice(-12)}`,
      'uk.shieldline.court.order.granted.v1',
      { orderRef: order.orderRef },
    );
    // Same key as the order's own events: the same partition, ahead of them.
    await hub.eventLog.publish(
      hub.topics.court,
      [unknownType, invalidData].map((e) => ({ key: order.orderRef, value: Buffer.from(JSON.stringify(e)) })),
    );
    const outcome = await hub.ingest.ingest(familyCourtConnector, {
      bytes: Buffer.from(JSON.stringify(order.granted)),
      contentType: 'application/json',
    });
    expect(outcome.status).toBe('ACCEPTED');

    await expectEventually(async () => {
      const orders = await hub.dataSource.query<{ granted: boolean }[]>(
        `SELECT granted FROM protective_order WHERE order_ref = $1`,
        [order.orderRef],
      );
      expect(orders).toEqual([{ granted: true }]);
    }, 30_000);
    const letters = await hub.dataSource.query<
      { reason_code: string; message: string; problems: { path: string }[]; original_bytes: Buffer }[]
    >(
      `SELECT reason_code, message, problems, original_bytes FROM dead_letter
       WHERE connector = 'projector' AND convert_from(original_bytes, 'UTF8') LIKE $1 ORDER BY message`,
      [`%${order.orderRef}%`],
    );
    expect(letters.map((l) => l.reason_code)).toEqual(['EVENT_NOT_IN_CATALOGUE', 'EVENT_NOT_IN_CATALOGUE']);
    const byType = new Map(
      letters.map((l) => [(JSON.parse(l.original_bytes.toString('utf8')) as { type: string }).type, l]),
    );
    expect(byType.get(unknownType.type)!.problems[0]!.path).toBe('/data');
    expect(byType.get(invalidData.type)!.problems.length).toBeGreaterThan(0);
    expect(JSON.parse(byType.get(invalidData.type)!.original_bytes.toString('utf8'))).toEqual(invalidData);
  });
});
