/** One thing the hub needs to serve: a name and a check that resolves when it is fine. */
export interface ReadinessCheck {
  name: string;
  check: () => Promise<void> | void;
}

/** A check's failure whose message is safe for anyone to read (no host, port or driver message). */
export class ReadinessProblem extends Error {}

export interface Readiness {
  ready: boolean;
  checks: Record<string, { ok: boolean; detail?: string }>;
}

/**
 * Runs every check at once, each bounded in time (a check that does not answer is not ready). The
 * details name what failed, never a host, a port or a driver's message: /readyz answers anyone.
 */
export async function readiness(checks: readonly ReadinessCheck[], timeoutMs = 3000): Promise<Readiness> {
  const results = await Promise.all(
    checks.map(async ({ name, check }) => {
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          Promise.resolve().then(check),
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
          }),
        ]);
        return [name, { ok: true }] as const;
      } catch (err) {
        const timedOut = err instanceof Error && err.message.startsWith('no answer within');
        const detail = timedOut || err instanceof ReadinessProblem ? err.message : 'not available';
        return [name, { ok: false, detail }] as const;
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  const byName: Readiness['checks'] = {};
  for (const [name, result] of results) byName[name] = result;
  return { ready: results.every(([, r]) => r.ok), checks: byName };
}
