import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  SimpleSpanProcessor,
  type SpanExporter,
} from '@opentelemetry/sdk-trace-base';

export interface TracingHandle {
  /** Flushes what is buffered and stops exporting. */
  shutdown(): Promise<void>;
}

/**
 * Registers the OpenTelemetry SDK for this process: W3C trace context, AsyncLocalStorage context, and
 * spans exported over OTLP/HTTP to `otlpEndpoint` (batched), or to a given exporter (tests: in memory,
 * one by one). Off unless the hub is configured with OTEL_EXPORTER_OTLP_ENDPOINT: the API then stays a
 * no-op and costs nothing measurable.
 */
export function startTracing(
  options: { otlpEndpoint: string; serviceName: string } | { exporter: SpanExporter; serviceName: string },
): TracingHandle {
  const processor =
    'exporter' in options
      ? new SimpleSpanProcessor(options.exporter)
      : new BatchSpanProcessor(
          new OTLPTraceExporter({ url: `${options.otlpEndpoint.replace(/\/$/, '')}/v1/traces` }),
        );
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': options.serviceName }),
    spanProcessors: [processor],
  });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
  return {
    shutdown: async () => {
      await provider.shutdown();
      trace.disable();
      propagation.disable();
      context.disable();
    },
  };
}
