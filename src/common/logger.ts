import pino, { type Logger as PinoLogger } from 'pino';
import { isSpanContextValid, trace } from '@opentelemetry/api';
import { currentWorkContext } from './request-context';

/**
 * Structured logs: pino, JSON lines on stderr (stdout is the CLI's output). Every line has `t`, `level`,
 * `component` and `msg`; a child logger adds fields to every line it writes — the request id, the event
 * id, the trace id — so one request or one event can be followed through the hub. Normal operation logs
 * nothing below `info`; every rejection, retry, dead letter, revocation and refusal is logged once.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  /** A logger for a part of the hub: `component` becomes `parent.child`. */
  child(component: string): Logger;
  /** A logger whose every line carries these fields (request id, event id, trace id). */
  with(fields: Record<string, unknown>): Logger;
}

export function createLogger(
  level: LogLevel,
  component = 'shieldline',
  destination: pino.DestinationStream = pino.destination({ dest: 2, sync: true }),
): Logger {
  const root = pino(
    {
      level,
      base: null,
      messageKey: 'msg',
      timestamp: () => `,"t":"${new Date().toISOString()}"`,
      formatters: { level: (label) => ({ level: label }) },
      // The request and event in progress (AsyncLocalStorage), on every line without passing them down.
      mixin: () => ({ ...currentWorkContext(), ...traceFields() }),
    },
    destination,
  );
  return wrap(root, component, {});
}

/** Bindings are made from the root each time, so no key (component) is ever written twice on a line. */
function wrap(root: PinoLogger, component: string, fields: Record<string, unknown>): Logger {
  const log = root.child({ component, ...fields });
  return {
    debug: (msg, extra) => log.debug(extra ?? {}, msg),
    info: (msg, extra) => log.info(extra ?? {}, msg),
    warn: (msg, extra) => log.warn(extra ?? {}, msg),
    error: (msg, extra) => log.error(extra ?? {}, msg),
    child: (name) => wrap(root, `${component}.${name}`, fields),
    with: (more) => wrap(root, component, { ...fields, ...more }),
  };
}

/** The active span's trace and span ids (W3C), when tracing is on: logs and traces join on them. */
function traceFields(): Record<string, string> {
  const span = trace.getActiveSpan()?.spanContext();
  return span && isSpanContextValid(span) ? { traceId: span.traceId, spanId: span.spanId } : {};
}
