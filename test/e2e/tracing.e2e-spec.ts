import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { type Hub } from '../../src/app';
import { startTracing, type TracingHandle } from '../../src/ops/tracing';
import { nonMolestationOrder, uniquePoliceArea } from '../factories/family-court.factory';
import { bearer, COURT_PUBLISHER, expectEventually, startTestHub, watchAreaOrders } from '../utils/test-hub';

/**
 * One record, one trace: the court's request (with its own W3C traceparent), the ingest, the projection
 * of each event (the context travels inside the CloudEvent, through Kafka) and the hand-over to the
 * subscribers (the context travels as change-feed headers) all share the caller's trace id, each span a
 * child of the one before. Exported in memory here; over OTLP when configured.
 */
describe('a trace from ingest to subscription delivery (real Kafka + PostgreSQL)', () => {
  const exporter = new InMemorySpanExporter();
  let tracing: TracingHandle;
  let hub: Hub;

  beforeAll(async () => {
    tracing = startTracing({ exporter, serviceName: 'shieldline-test' });
    hub = await startTestHub();
  });

  afterAll(async () => {
    await hub.stop();
    await tracing.shutdown();
  });

  it('should continue the caller’s trace through the log to the projection and the delivery', async () => {
    const area = uniquePoliceArea();
    const order = nonMolestationOrder({ policeForce: area });
    const watch = watchAreaOrders(hub, area);
    const { received, connected } = watch;
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    try {
      await connected;
      const response = await fetch(`${hub.url}/ingest/family-court-orders`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: await bearer(COURT_PUBLISHER),
          traceparent: `00-${traceId}-00f067aa0ba902b7-01`,
        },
        body: JSON.stringify(order.granted),
      });
      expect(response.status).toBe(202);
      await expectEventually(() => expect(received).toHaveLength(1));

      const spans = await expectEventually(() => {
        const mine = exporter.getFinishedSpans().filter((s) => s.spanContext().traceId === traceId);
        expect(mine.map((s) => s.name)).toEqual(
          expect.arrayContaining([
            'ingest family-court-orders',
            'project uk.shieldline.court.order.granted.v1',
            'deliver ORDER_CHANGED',
          ]),
        );
        return mine;
      });
      const byName = (name: string): ReadableSpan => spans.find((s) => s.name === name)!;
      const ingest = byName('ingest family-court-orders');
      const project = byName('project uk.shieldline.court.order.granted.v1');
      const deliver = byName('deliver ORDER_CHANGED');
      const parentOf = (s: ReadableSpan) => s.parentSpanContext?.spanId;
      expect(parentOf(ingest)).toBe('00f067aa0ba902b7');
      expect(parentOf(project)).toBe(ingest.spanContext().spanId);
      expect(parentOf(deliver)).toBe(project.spanContext().spanId);
      expect(project.attributes['shieldline.event_id']).toBeDefined();
      expect(deliver.attributes['shieldline.subscribers']).toBe(1);
      // Nothing personal in a span: no order reference, no name.
      expect(JSON.stringify(spans.map((s) => ({ n: s.name, a: s.attributes })))).not.toContain(
        order.orderRef,
      );
    } finally {
      await watch.close();
    }
  });
});
