import autocannon from 'autocannon';
import { summarize } from './stats';

export const OFFICER_QUERY = `query ($pnc: String!) {
  searchPeople(pncId: $pnc) {
    person { id givenName familyName
      protectiveOrders { reference orderType expiresAt conditions { text } }
      bail { reference returnOn }
    }
  }
}`;

/**
 * The same question put to PostGraphile (its generated schema, bench/postgraphile-officer-server.ts): the
 * person by PNC id with their live orders (granted, not ended) and active bail.
 */
export const POSTGRAPHILE_OFFICER_QUERY = `query ($pnc: String!) {
  allPeople(condition: { pncId: $pnc }) {
    nodes { personId givenName familyName
      protectiveOrdersByRespondentId(condition: { granted: true, ended: null }) {
        nodes { orderRef orderType expiresAt conditions }
      }
      bailsByPersonId(condition: { status: "ACTIVE" }) { nodes { bailRef returnOn } }
    }
  }
}`;

/** A server's officer query, and whether an answer found the person. */
export interface OfficerQueryShape {
  query: string;
  found(data: unknown): boolean;
}

export const HUB_SHAPE: OfficerQueryShape = {
  query: OFFICER_QUERY,
  found: (data) => ((data as { searchPeople?: unknown[] } | undefined)?.searchPeople?.length ?? 0) > 0,
};

export const POSTGRAPHILE_SHAPE: OfficerQueryShape = {
  query: POSTGRAPHILE_OFFICER_QUERY,
  found: (data) =>
    ((data as { allPeople?: { nodes?: unknown[] } } | undefined)?.allPeople?.nodes?.length ?? 0) > 0,
};

export interface ClosedLoopResult {
  requests: number;
  errors: number;
  requestsPerSecond: number;
  latencyMs: ReturnType<typeof summarize>;
}

/**
 * Closed-loop load with autocannon (a raw HTTP/1.1 client: far cheaper per request than fetch, which
 * matters when the load generator shares two cores with the server and PostgreSQL): `concurrency`
 * keep-alive connections each send the officer query for a different person and wait for the answer,
 * for `seconds`. Every answer is read: a non-200, GraphQL errors or no person counts as an error.
 */
export async function closedLoop(
  url: string,
  headers: Record<string, string>,
  pncIds: readonly string[],
  concurrency: number,
  seconds: number,
  shape: OfficerQueryShape = HUB_SHAPE,
): Promise<ClosedLoopResult> {
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  let finish!: (result: autocannon.Result) => void;
  let fail!: (err: unknown) => void;
  const done = new Promise<autocannon.Result>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  const instance = autocannon(
    {
      url,
      method: 'POST',
      connections: concurrency,
      duration: seconds,
      headers: { 'content-type': 'application/json', ...headers },
      requests: [
        {
          setupRequest: (request) => ({
            ...request,
            body: JSON.stringify({
              query: shape.query,
              variables: { pnc: pncIds[next++ % pncIds.length] },
            }),
          }),
          onResponse: (status, body) => {
            if (status !== 200) {
              errors += 1;
              return;
            }
            const answer = JSON.parse(body) as { data?: unknown; errors?: unknown[] };
            if (answer.errors || !shape.found(answer.data)) errors += 1;
          },
        },
      ],
    },
    (err: unknown, result: autocannon.Result) => (err ? fail(err) : finish(result)),
  );
  instance.on('response', (_client, _status, _bytes, responseTimeMs) => latencies.push(responseTimeMs));
  const result = await done;
  errors += result.errors + result.timeouts;
  return {
    requests: latencies.length,
    errors,
    requestsPerSecond: Math.round(latencies.length / (result.duration || seconds)),
    latencyMs: summarize(latencies),
  };
}
