import { createHook } from 'node:async_hooks';
/**
 * After the last test and the teardown, nothing should keep the process alive. When something does (a
 * client left connected to a stopped broker retries forever), Jest waits silently — in CI until the job's
 * time limit, with every test already passed (it happened once: stop 20's CI run timed out after
 * "940 passed"). This names what is still open, so the leak can be found from the log, and ends the
 * process with Jest's own result: a failed test still fails the run (Jest's exit handler sets its code),
 * a passed run is not turned into a time-out by a handle nobody asserted on.
 */
export const OPEN_HANDLES_GRACE_MS = 15_000;

/** Where each live timer was created (timers are not among _getActiveHandles, so nothing else says). */
const timerOrigins = new Map<number, { stack: string; timer: WeakRef<{ hasRef?(): boolean }> }>();

/**
 * From global setup on: records the creating stack of every timer until it is destroyed, so a timer left
 * running at the end can be named by the code that armed it. Tests run in this process (--runInBand).
 */
export function traceTimerOrigins(): void {
  createHook({
    init(asyncId, type, _trigger, resource: { hasRef?(): boolean }) {
      if (type !== 'Timeout') return;
      const holder: { stack?: string } = {};
      Error.captureStackTrace(holder);
      timerOrigins.set(asyncId, {
        stack: (holder.stack ?? '')
          .split('\n')
          .slice(1)
          .filter((line) => !/node:internal\/(async_hooks|timers)|new Timeout/.test(line))
          .slice(0, 10)
          .join('\n'),
        timer: new WeakRef(resource),
      });
    },
    destroy(asyncId) {
      timerOrigins.delete(asyncId);
    },
  }).enable();
}

interface SocketLike {
  remoteAddress?: string;
  remotePort?: number;
  localPort?: number;
}

function describeHandle(handle: unknown): string {
  if (handle === null || typeof handle !== 'object') return String(handle);
  const name = handle.constructor?.name ?? 'object';
  if ('spawnargs' in handle) return `${name} ${(handle as { spawnargs: string[] }).spawnargs.join(' ')}`;
  const socket = handle as SocketLike;
  if (socket.remotePort !== undefined || socket.localPort !== undefined) {
    return `${name} local :${socket.localPort ?? '?'} → ${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'}`;
  }
  if ('address' in handle && typeof handle.address === 'function') {
    return `${name} listening on ${JSON.stringify((handle as { address(): unknown }).address())}`;
  }
  return name;
}

export function failIfProcessStaysOpen(graceMs = OPEN_HANDLES_GRACE_MS): void {
  setTimeout(() => {
    const handles = (process as unknown as { _getActiveHandles(): unknown[] })._getActiveHandles();
    const lines = [
      `test run: the process is still open ${graceMs / 1000} s after the tests and the teardown finished.`,
      `active resources: ${process.getActiveResourcesInfo().join(', ')}`,
      ...handles.map((h) => `  handle: ${describeHandle(h)}`),
      ...[...timerOrigins.values()]
        .filter(({ timer }) => timer.deref()?.hasRef?.() ?? false)
        .map(({ stack }) => `  timer armed at:\n${stack}`),
      "Exiting with the tests' result instead of waiting for the CI time limit.",
    ];
    process.stderr.write(`\n${lines.join('\n')}\n`);
    process.exit();
  }, graceMs).unref();
}
