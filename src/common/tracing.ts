import {
  context,
  type Context,
  propagation,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';

/**
 * Distributed tracing through the OpenTelemetry API only: with no SDK registered (the default) every
 * call here is a no-op; src/ops/tracing.ts registers one when an exporter is configured. The W3C trace
 * context travels inside each CloudEvent (the distributed-tracing extension: `traceparent`,
 * `tracestate`) from the ingest request through the log to the projection, and as change-feed message
 * headers from the projection to the subscription delivery — one trace per record, end to end.
 */
const tracer = () => trace.getTracer('shieldline');

/** The W3C trace-context fields of a context (empty when there is no sampled span in it). */
export interface TraceCarrier {
  traceparent?: string;
  tracestate?: string;
}

export function carrierOf(ctx: Context = context.active()): TraceCarrier {
  const carrier: Record<string, string> = {};
  propagation.inject(ctx, carrier);
  const out: TraceCarrier = {};
  if (carrier.traceparent) out.traceparent = carrier.traceparent;
  if (carrier.tracestate) out.tracestate = carrier.tracestate;
  return out;
}

/** The trace-context fields naming this span as the parent (for what it causes elsewhere). */
export function carrierOfSpan(span: Span): TraceCarrier {
  return carrierOf(trace.setSpan(ROOT_CONTEXT, span));
}

/** The context a carrier (a CloudEvent, message headers, HTTP headers) continues, or the root. */
export function contextFrom(carrier: Readonly<Record<string, unknown>> | undefined): Context {
  if (!carrier || typeof carrier.traceparent !== 'string') return ROOT_CONTEXT;
  const fields: Record<string, string> = { traceparent: carrier.traceparent };
  if (typeof carrier.tracestate === 'string') fields.tracestate = carrier.tracestate;
  return propagation.extract(ROOT_CONTEXT, fields);
}

/** Runs `work` in a new span (child of `parent`, or of the active context), ending it however it ends. */
export async function inSpan<T>(
  name: string,
  attributes: Record<string, string | number | boolean>,
  work: (span: Span) => Promise<T>,
  options: { parent?: Context; kind?: SpanKind } = {},
): Promise<T> {
  return tracer().startActiveSpan(
    name,
    { attributes, kind: options.kind ?? SpanKind.INTERNAL },
    options.parent ?? context.active(),
    async (span) => {
      try {
        return await work(span);
      } catch (err) {
        span.recordException(err instanceof Error ? err : String(err));
        span.setStatus({ code: SpanStatusCode.ERROR });
        throw err;
      } finally {
        span.end();
      }
    },
  );
}

/** A span started now and ended by the caller (one per event inside a batch). */
export function startSpan(name: string, parent: Context, attributes: Record<string, string | number>): Span {
  return tracer().startSpan(name, { attributes, kind: SpanKind.CONSUMER }, parent);
}

/** Runs `work` with the HTTP request's incoming trace context (its `traceparent` header) active. */
export function withIncomingTrace<T>(headers: Readonly<Record<string, unknown>>, work: () => T): T {
  return context.with(contextFrom(headers), work);
}

export { SpanKind };
