import { AsyncLocalStorage } from 'node:async_hooks';

/** What identifies the work in progress: the HTTP request, and the event being handled. */
export interface WorkContext {
  requestId?: string;
  eventId?: string;
}

const store = new AsyncLocalStorage<WorkContext>();

/** Runs `work` with these ids added to the current ones: every log line written inside carries them. */
export function withWorkContext<T>(context: WorkContext, work: () => T): T {
  return store.run({ ...store.getStore(), ...context }, work);
}

export function currentWorkContext(): WorkContext {
  return store.getStore() ?? {};
}

/**
 * A caller's request id when it is a plausible one (the `X-Request-Id` a proxy or an officer app set),
 * else null — a header is never copied into logs unchecked.
 */
export function acceptableRequestId(value: unknown): string | null {
  return typeof value === 'string' && /^[A-Za-z0-9._:-]{1,100}$/.test(value) ? value : null;
}
