import { summarize } from './stats';

export const OFFICER_QUERY = `query ($pnc: String!) {
  searchPeople(pncId: $pnc) {
    person { id givenName familyName
      protectiveOrders { reference orderType expiresAt conditions { text } }
      bail { reference returnOn }
    }
  }
}`;

export interface ClosedLoopResult {
  requests: number;
  errors: number;
  requestsPerSecond: number;
  latencyMs: ReturnType<typeof summarize>;
}

/**
 * Closed-loop load: `concurrency` clients each send the officer query (a different person each time) and
 * wait for the answer, for `seconds`. A response with GraphQL errors or no person counts as an error.
 */
export async function closedLoop(
  url: string,
  headers: Record<string, string>,
  pncIds: readonly string[],
  concurrency: number,
  seconds: number,
): Promise<ClosedLoopResult> {
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const stopAt = performance.now() + seconds * 1000;
  const client = async () => {
    while (performance.now() < stopAt) {
      const pnc = pncIds[next++ % pncIds.length]!;
      const started = performance.now();
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query: OFFICER_QUERY, variables: { pnc } }),
      });
      const body = (await response.json()) as { data?: { searchPeople?: unknown[] }; errors?: unknown[] };
      latencies.push(performance.now() - started);
      if (body.errors || !body.data?.searchPeople?.length) errors += 1;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, client));
  const elapsed = (performance.now() - started) / 1000;
  return {
    requests: latencies.length,
    errors,
    requestsPerSecond: Math.round(latencies.length / elapsed),
    latencyMs: summarize(latencies),
  };
}
