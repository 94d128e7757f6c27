import { Client as PgClient } from 'pg';
import { decideOnFailure } from '../../src/common/failure-policy';
import WebSocket from 'ws';
import { createClient, type Client } from 'graphql-ws';
import { startHub, type Hub } from '../../src/app';
import { createLogger, type Logger } from '../../src/common/logger';
import { parseConfig } from '../../src/config/config';
import { createFreshDatabase, ENV_DATABASE, ENV_KAFKA, withDatabase } from '../harness/infra';
import { uniqueToken } from '../factories/family-court.factory';
import { mintToken, type ShieldlineClaims } from '../../src/security/identity';

export function testDatabaseUrl(): string {
  const url = process.env[ENV_DATABASE];
  if (!url) throw new Error(`${ENV_DATABASE} is not set: run integration tests through jest (global setup)`);
  return url;
}

/**
 * A database of the suite's own on the test server, for a suite that rebuilds projections: a rebuild
 * truncates every projection table in one transaction, which in the shared database would stall every
 * other suite running beside it (and re-fold all their events). Drop it in afterAll.
 */
export async function ownDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const shared = testDatabaseUrl();
  const name = await createFreshDatabase(
    shared,
    `${new URL(shared).pathname.slice(1)}_own_${uniqueToken().toLowerCase()}`,
  );
  return {
    url: withDatabase(shared, name),
    drop: async () => {
      const dropper = new PgClient({ connectionString: shared });
      await dropper.connect();
      try {
        await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await dropper.end();
      }
    },
  };
}

/**
 * As every client of the ingest door must: a retriable refusal (the log did not acknowledge within its
 * bound — a broker stalled by a loaded machine, a new cluster still electing leaders) is sent again, at
 * most `attempts` times. Event ids are stable, so a resend of a record that did land is a duplicate,
 * never a second event. Anything else is thrown at once. `onRetry` lets a test report how often.
 */
export async function sendAsAClientWould<T>(
  attempt: () => Promise<T>,
  options: { attempts?: number; onRetry?: () => void } = {},
): Promise<T> {
  const attempts = options.attempts ?? 5;
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (err) {
      if (decideOnFailure(err) !== 'RETRY' || n >= attempts) throw err;
      options.onRetry?.();
    }
  }
}

export function testKafkaBrokers(): string {
  const brokers = process.env[ENV_KAFKA];
  if (!brokers) throw new Error(`${ENV_KAFKA} is not set: run integration tests through jest (global setup)`);
  return brokers;
}

export { uniqueToken };

/** A hub on the real PostgreSQL and Kafka with its own topics and consumer groups. */
export async function startTestHub(overrides: Record<string, string> = {}, logger?: Logger): Promise<Hub> {
  return startHubOn(
    { DATABASE_URL: testDatabaseUrl(), KAFKA_BROKERS: testKafkaBrokers() },
    overrides,
    logger,
  );
}

/**
 * A hub on the real PostgreSQL with the table event log (the embedded default's log, on a real server):
 * the integration tier, which needs no broker. Its own topic prefix, as with Kafka.
 */
export async function startTableLogHub(
  overrides: Record<string, string> = {},
  logger?: Logger,
): Promise<Hub> {
  return startHubOn({ DATABASE_URL: testDatabaseUrl() }, overrides, logger);
}

async function startHubOn(
  infra: Record<string, string>,
  overrides: Record<string, string>,
  logger?: Logger,
): Promise<Hub> {
  const config = parseConfig(
    {
      ...infra,
      TOPIC_PREFIX: `t${uniqueToken()}.`,
      PORT: '0',
      DEMO_DATA: 'false',
      LOG_LEVEL: 'error',
      JWT_SECRET: TEST_AUTH.secret,
      ...overrides,
    },
    { instanceId: uniqueToken() },
  );
  return startHub(config, logger ?? createLogger(config.logLevel));
}

/** The shared secret test hubs verify tokens with (production uses JWKS or a public key). */
export const TEST_AUTH = {
  secret: 'shieldline-test-secret-0123456789abcdef',
  issuer: 'shieldline',
  audience: 'shieldline',
};

/** An attending officer in West Yorkshire, reading for enforcement. */
export const OFFICER: ShieldlineClaims = {
  sub: 'pc-4471',
  agency: 'police',
  area: 'WYP',
  roles: ['officer'],
  purpose: 'enforcement',
};

/** A court system publishing its records. */
export const COURT_PUBLISHER: ShieldlineClaims = {
  sub: 'leeds-family-court',
  agency: 'court',
  area: null,
  roles: ['publisher'],
  purpose: 'publication',
};

/** `Authorization` header value for these claims, signed with the test secret. */
export async function bearer(claims: ShieldlineClaims & { jti?: string }, expiresIn = '1h'): Promise<string> {
  return `Bearer ${await mintToken(TEST_AUTH, claims, expiresIn)}`;
}

/** A GraphQL request as `as` (claims to sign a token for, or null for none). */
export async function graphql<T = Record<string, unknown>>(
  hub: Pick<Hub, 'graphqlUrl'>,
  query: string,
  variables: Record<string, unknown> = {},
  as: (ShieldlineClaims & { jti?: string }) | null = OFFICER,
): Promise<{ data?: T; errors?: { message: string; extensions?: { code?: string } }[] }> {
  const auth: Record<string, string> = as ? { authorization: await bearer(as) } : {};
  const response = await fetch(hub.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...auth },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: T; errors?: { message: string }[] };
}

export async function postRecord(
  hub: Pick<Hub, 'url'>,
  connectorId: string,
  body: string | Buffer,
  contentType = 'application/json',
  as: ShieldlineClaims | null = COURT_PUBLISHER,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const auth: Record<string, string> = as ? { authorization: await bearer(as) } : {};
  const response = await fetch(`${hub.url}/ingest/${connectorId}`, {
    method: 'POST',
    headers: { 'content-type': contentType, ...auth },
    body,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

export function subscriptionClient(
  hub: Pick<Hub, 'graphqlUrl'>,
  as: (ShieldlineClaims & { jti?: string }) | null = OFFICER,
): Client {
  return createClient({
    url: hub.graphqlUrl.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams: async () => (as ? { authorization: await bearer(as) } : {}),
    retryAttempts: 0,
  });
}

/** Open GraphQL subscriptions on this replica, as its /metrics reports them to operators. */
export async function openSubscriptions(hub: Pick<Hub, 'url'>): Promise<number> {
  const text = await (await fetch(`${hub.url}/metrics`)).text();
  const line = /^shieldline_subscriptions_open (\d+(?:\.\d+)?)$/m.exec(text);
  if (!line) throw new Error('shieldline_subscriptions_open is not in /metrics');
  return Number(line[1]);
}

/**
 * The signal that subscriptions reached the server — graphql-ws sends no "subscribed" acknowledgement —
 * instead of a fixed sleep: resolves once `hub` holds at least `count` open subscriptions. A change
 * projected after this is delivered to them.
 */
export async function untilSubscribed(
  hub: Pick<Hub, 'url'>,
  count: number,
  timeoutMs = 15_000,
): Promise<void> {
  await expectEventually(
    async () => expect(await openSubscriptions(hub)).toBeGreaterThanOrEqual(count),
    timeoutMs,
  );
}

/** Polls until the assertion passes (no fixed sleeps); rethrows the last failure at the deadline. */
export async function expectEventually<T>(assertion: () => Promise<T> | T, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await assertion();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

/** An attending officer of this police area (area boards and feeds are for the caller's own area). */
export function officerOf(area: string): ShieldlineClaims {
  return { ...OFFICER, area };
}

/** `graphql` with another default caller (e.g. an officer of the test's own police area). */
export function graphqlFor(defaultCaller: (ShieldlineClaims & { jti?: string }) | null) {
  return <T = Record<string, unknown>>(
    hub: Pick<Hub, 'graphqlUrl'>,
    query: string,
    variables: Record<string, unknown> = {},
    as: (ShieldlineClaims & { jti?: string }) | null = defaultCaller,
  ) => graphql<T>(hub, query, variables, as);
}

/**
 * An officer of `area` subscribed to its area's order changes: `received` fills as changes arrive;
 * `connected` resolves once the socket is up; `close` ends the subscription and the socket.
 */
export function watchAreaOrders(hub: Pick<Hub, 'graphqlUrl'>, area: string) {
  const client = subscriptionClient(hub, officerOf(area));
  const received: unknown[] = [];
  const connected = new Promise<void>((resolve, reject) => {
    client.on('connected', () => resolve());
    client.on('error', reject);
  });
  const dispose = client.subscribe(
    {
      query: `subscription ($area: String!) { orderChanged(policeArea: $area) { eventId } }`,
      variables: { area },
    },
    { next: (m) => received.push(m), error: () => undefined, complete: () => undefined },
  );
  return {
    received,
    connected,
    close: async () => {
      dispose();
      await client.dispose();
    },
  };
}
