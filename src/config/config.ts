import { ShieldlineError } from '../common/errors';
import { type LogLevel } from '../common/logger';
import { type LeadOverrides, parseLeadOverrides } from '../domain/rules/clock-transitions';

export const ALL_ROLES = ['gateway', 'ingest', 'projector', 'clocks', 'delivery', 'notify'] as const;
export type Role = (typeof ALL_ROLES)[number];

/**
 * The one typed configuration object, parsed and validated at boot. Nothing else reads process.env.
 * With neither DATABASE_URL nor KAFKA_BROKERS set, the hub runs its embedded, demo-only default.
 */
export interface Config {
  roles: ReadonlySet<Role>;
  /** null ⇒ embedded PGlite (demo only). */
  databaseUrl: string | null;
  /** PGlite data directory; null ⇒ in memory. Only used when databaseUrl is null. */
  pgliteDataDir: string | null;
  /** null ⇒ the Postgres-table event log in the hub's own database. */
  kafkaBrokers: readonly string[] | null;
  kafkaClientId: string;
  /** Prefixed to every topic and consumer group; lets tests and tenants share one broker. */
  topicPrefix: string;
  httpHost: string;
  httpPort: number;
  loadDemoData: boolean;
  /** Days of generated synthetic records the demo loads (all connector formats). */
  demoDays: number;
  maxPayloadBytes: number;
  /** Limit for file uploads and record batches (CSV, NDJSON, `shieldline ingest`). */
  maxUploadBytes: number;
  /**
   * Ingest requests handled at once; one more is answered 503 INGEST_OVERLOADED unread
   * (src/ingest/admission.ts). Below maxConnectionsPerClient, so that one sender over capacity is answered
   * before its connections reach that bound, where they are reset.
   */
  ingestMaxInFlight: number;
  /** Watched folder for export files, one subfolder per connector (ingest role); null = off. */
  fileDropDir: string | null;
  logLevel: LogLevel;
  /** Partitions a projector folds at once, each in its own transaction. Default 3 (the topics' partition count). */
  projectorConcurrency: number;
  /** Distinguishes gateway replicas; each replica reads the whole change feed. */
  instanceId: string;
  /**
   * How bearer tokens are verified. null ⇒ not configured: the embedded demo then generates a development
   * secret (and says so); any other deployment running the gateway or ingest refuses to start.
   */
  auth: AuthConfig | null;
  /** How long ingest waits for the event log's acknowledgement before answering 503 (retriable). */
  eventLogPublishTimeoutMs: number;
  /**
   * The largest event (encoded envelope, bytes) ingest sends; lower still if the log's own limit is.
   * A larger one is refused as 413 OVERSIZED with a dead letter before anything is sent.
   */
  maxEventBytes: number;
  /** Fair degradation (src/api/connection-limits.ts, src/api/gateway.ts). */
  /** /readyz fails while this process's projector is more messages behind than this. */
  readyMaxLagMessages: number;
  maxConnections: number;
  maxConnectionsPerClient: number;
  headersTimeoutMs: number;
  idleTimeoutMs: number;
  requestTimeoutMs: number;
  subscriberMaxQueued: number;
  maxSubscriptionsPerSocket: number;
  subscriberPingIntervalMs: number;
  subscriberMaxBufferedBytes: number;
  /** Lead times of the clocks' DUE_SOON transitions that differ from the rules' defaults, in minutes. */
  clockDueSoonLeads: LeadOverrides;
  /** A clock transition older than this when it could fire is not raised (backfills, long stops). */
  clockCatchUpMinutes: number;
  /** How often the clock worker looks for due timers (pg-boss polling; at least 500 ms). */
  clockPollIntervalMs: number;
  /** Delivery to force systems (src/delivery). */
  delivery: {
    /** Plain http:// webhook urls accepted (a local receiver; the embedded demo). */
    allowHttp: boolean;
    retryBaseMs: number;
    retryMaxMs: number;
    timeoutMs: number;
    concurrency: number;
  };
  /** Victim notification through GOV.UK Notify (src/delivery/victim-notification.ts). */
  notify: NotifyConfig;
  /** OTLP/HTTP collector base URL for traces (`/v1/traces` is added); null: tracing off. */
  otlpEndpoint: string | null;
  serviceName: string;
  /** Longest token lifetime accepted (exp − iat), seconds; tokens must carry exp. Default 12 h. */
  maxTokenLifetimeSeconds: number;
  /** GraphQL introspection; on in the embedded demo, off otherwise unless asked for. */
  introspection: boolean;
  /** Trusted documents (persisted operations): off, allow (ids accepted) or require (only those). */
  trustedDocuments: 'off' | 'allow' | 'require';
  /** Persisted-query manifest to trust; null ⇒ the officer app's (schema/trusted-documents.json). */
  trustedDocumentsFile: string | null;
  /** The built console served at `/` (CONSOLE_DIR; default dist/console next to the package). */
  consoleDir: string | null;
  /** The force's OpenID provider for the console's sign-in (authorization code + PKCE); null: none. */
  oidc: OidcConfig | null;
}

export interface OidcConfig {
  /** OIDC_ISSUER: the provider's issuer URL (its discovery document is at /.well-known/openid-configuration). */
  issuer: string;
  /** OIDC_CLIENT_ID: the console's client id at the provider (a public client: no secret, PKCE). */
  clientId: string;
  /** OIDC_SCOPE (default `openid`). */
  scope: string;
  /** OIDC_RESOURCE: the resource indicator (RFC 8707) that makes the provider issue a JWT for the hub. */
  resource: string | null;
}

/** https, or http to this machine only (RFC 8252's loopback exception): a test or a developer's provider. */
export function secureOrLoopback(url: string): boolean {
  try {
    const parsed = new URL(url);
    if (parsed.protocol === 'https:') return true;
    return parsed.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(parsed.hostname);
  } catch {
    return false;
  }
}

export interface NotifyConfig {
  baseUrl: string;
  /** null: victim notifications are recorded and wait; nothing is sent until a key is configured. */
  apiKey: string | null;
  /** The bearer token Notify's status callbacks carry; null: no callback route. */
  callbackToken: string | null;
  /** The Notify template of each channel: `((body))` (email: subject `((subject))`). */
  templates: { SMS: string; EMAIL: string; LETTER: string } | null;
  smsSenderId: string | null;
  emailReplyToId: string | null;
  maxAttempts: number;
  retryBaseMs: number;
  retryMaxMs: number;
  timeoutMs: number;
}

export type AuthConfig = (
  | { kind: 'jwks'; jwksUrl: string }
  | { kind: 'public-key'; publicKeyPem: string; algorithm: string }
  | { kind: 'shared-secret'; secret: string }
) & { issuer: string; audience: string };

type Env = Readonly<Record<string, string | undefined>>;

const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error', 'silent'];

export function parseConfig(env: Env, defaults: { instanceId: string }): Config {
  const problems: string[] = [];
  const text = (name: string): string | null => {
    const value = env[name]?.trim();
    return value ? value : null;
  };
  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const raw = text(name);
    if (raw === null) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
      return fallback;
    }
    return value;
  };
  const oneOf = <T extends string>(name: string, allowed: readonly T[], fallback: T): T => {
    const raw = env[name]?.trim();
    if (!raw) return fallback;
    if ((allowed as readonly string[]).includes(raw)) return raw as T;
    problems.push(`${name} must be one of ${allowed.join(', ')}, got "${raw}"`);
    return fallback;
  };
  const bool = (name: string, fallback: boolean): boolean => {
    const raw = text(name);
    if (raw === null) return fallback;
    if (['1', 'true', 'yes'].includes(raw.toLowerCase())) return true;
    if (['0', 'false', 'no'].includes(raw.toLowerCase())) return false;
    problems.push(`${name} must be true or false, got "${raw}"`);
    return fallback;
  };

  const roles = new Set<Role>();
  for (const role of (text('ROLES') ?? ALL_ROLES.join(',')).split(',').map((r) => r.trim())) {
    if ((ALL_ROLES as readonly string[]).includes(role)) roles.add(role as Role);
    else problems.push(`ROLES has unknown role "${role}" (known: ${ALL_ROLES.join(', ')})`);
  }

  const databaseUrl = text('DATABASE_URL');
  if (databaseUrl !== null && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push('DATABASE_URL must be a postgres:// or postgresql:// URL');
  }
  const brokersRaw = text('KAFKA_BROKERS');
  const kafkaBrokers = brokersRaw === null ? null : brokersRaw.split(',').map((b) => b.trim());
  for (const broker of kafkaBrokers ?? []) {
    if (!/^[^\s:]+:\d+$/.test(broker)) problems.push(`KAFKA_BROKERS entry "${broker}" must be host:port`);
  }
  const topicPrefix = text('TOPIC_PREFIX') ?? '';
  if (!/^[a-zA-Z0-9._-]*$/.test(topicPrefix)) {
    problems.push('TOPIC_PREFIX may contain only letters, digits, ".", "_" and "-"');
  }
  const logLevel = (text('LOG_LEVEL') ?? 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);

  const embedded = databaseUrl === null;
  const issuer = text('JWT_ISSUER') ?? 'shieldline';
  const audience = text('JWT_AUDIENCE') ?? 'shieldline';
  const authSources = ['JWT_JWKS_URL', 'JWT_PUBLIC_KEY', 'JWT_SECRET'].filter((name) => text(name) !== null);
  if (authSources.length > 1) problems.push(`set only one of ${authSources.join(', ')}`);
  let auth: AuthConfig | null = null;
  const jwksUrl = text('JWT_JWKS_URL');
  const publicKeyPem = text('JWT_PUBLIC_KEY');
  const secret = text('JWT_SECRET');
  if (jwksUrl !== null) {
    if (!secureOrLoopback(jwksUrl))
      problems.push(
        'JWT_JWKS_URL must be an https:// URL (http:// only on this machine: 127.0.0.1, localhost)',
      );
    auth = { kind: 'jwks', jwksUrl, issuer, audience };
  } else if (publicKeyPem !== null) {
    if (!publicKeyPem.includes('BEGIN PUBLIC KEY')) problems.push('JWT_PUBLIC_KEY must be a PEM public key');
    auth = { kind: 'public-key', publicKeyPem, algorithm: text('JWT_ALG') ?? 'RS256', issuer, audience };
  } else if (secret !== null) {
    if (secret.length < 32) problems.push('JWT_SECRET must be at least 32 characters');
    auth = { kind: 'shared-secret', secret, issuer, audience };
  }
  const clockLeads = parseLeadOverrides(text('CLOCK_DUE_SOON_LEAD') ?? '');
  problems.push(...clockLeads.problems);
  const otlpEndpoint = text('OTEL_EXPORTER_OTLP_ENDPOINT');
  if (otlpEndpoint !== null && !/^https?:\/\/[^\s]+$/.test(otlpEndpoint))
    problems.push('OTEL_EXPORTER_OTLP_ENDPOINT must be an http(s):// URL');
  const oidcConfig = (): OidcConfig | null => {
    const oidcIssuer = text('OIDC_ISSUER');
    const clientId = text('OIDC_CLIENT_ID');
    if (oidcIssuer === null && clientId === null) return null;
    if (oidcIssuer === null || clientId === null) {
      problems.push('OIDC_ISSUER and OIDC_CLIENT_ID go together (the console signs in with both)');
      return null;
    }
    if (!secureOrLoopback(oidcIssuer))
      problems.push(
        'OIDC_ISSUER must be an https:// URL (http:// only on this machine: 127.0.0.1, localhost)',
      );
    if (auth === null || auth.kind === 'shared-secret')
      problems.push('OIDC_ISSUER needs JWT_JWKS_URL (or JWT_PUBLIC_KEY): the provider signs the tokens');
    return {
      issuer: oidcIssuer,
      clientId,
      scope: text('OIDC_SCOPE') ?? 'openid',
      resource: text('OIDC_RESOURCE'),
    };
  };
  const notifyConfig = (): NotifyConfig => {
    const apiKey = text('NOTIFY_API_KEY');
    if (apiKey && !NOTIFY_KEY.test(apiKey))
      problems.push('NOTIFY_API_KEY is not a GOV.UK Notify API key (<name>-<service id>-<secret>)');
    const sms = text('NOTIFY_TEMPLATE_SMS');
    const email = text('NOTIFY_TEMPLATE_EMAIL');
    const letter = text('NOTIFY_TEMPLATE_LETTER');
    if (apiKey && !(sms && email && letter))
      problems.push(
        'NOTIFY_API_KEY needs NOTIFY_TEMPLATE_SMS, NOTIFY_TEMPLATE_EMAIL and NOTIFY_TEMPLATE_LETTER',
      );
    return {
      baseUrl: text('NOTIFY_BASE_URL') ?? 'https://api.notifications.service.gov.uk',
      apiKey,
      callbackToken: text('NOTIFY_CALLBACK_TOKEN'),
      templates: sms && email && letter ? { SMS: sms, EMAIL: email, LETTER: letter } : null,
      smsSenderId: text('NOTIFY_SMS_SENDER_ID'),
      emailReplyToId: text('NOTIFY_EMAIL_REPLY_TO_ID'),
      maxAttempts: integer('NOTIFY_MAX_ATTEMPTS', 10, 1, 100),
      retryBaseMs: integer('NOTIFY_RETRY_BASE_MS', 5000, 1, 3_600_000),
      retryMaxMs: integer('NOTIFY_RETRY_MAX_MS', 5 * 60_000, 1, 24 * 3_600_000),
      timeoutMs: integer('NOTIFY_TIMEOUT_MS', 10_000, 100, 300_000),
    };
  };
  const config: Config = {
    roles,
    databaseUrl,
    pgliteDataDir: text('PGLITE_DATA_DIR'),
    kafkaBrokers,
    kafkaClientId: text('KAFKA_CLIENT_ID') ?? 'shieldline',
    topicPrefix,
    httpHost: text('HOST') ?? '127.0.0.1',
    httpPort: integer('PORT', 4000, 0, 65535),
    loadDemoData: bool('DEMO_DATA', embedded),
    demoDays: integer('DEMO_DAYS', 1, 1, 365),
    maxPayloadBytes: integer('MAX_PAYLOAD_BYTES', 1024 * 1024, 1024, 64 * 1024 * 1024),
    fileDropDir: env.FILE_DROP_DIR?.trim() || null,
    ingestMaxInFlight: integer('INGEST_MAX_IN_FLIGHT', 128, 1, 100_000),
    maxUploadBytes: integer('MAX_UPLOAD_BYTES', 64 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    logLevel,
    projectorConcurrency: integer('PROJECTOR_CONCURRENCY', 3, 1, 64),
    instanceId: text('INSTANCE_ID') ?? defaults.instanceId,
    auth,
    eventLogPublishTimeoutMs: integer('EVENT_LOG_PUBLISH_TIMEOUT_MS', 10_000, 100, 120_000),
    // Kafka's default max.message.bytes (1 MiB + 12) less 4 KiB of batch, record and header overhead.
    otlpEndpoint,
    readyMaxLagMessages: integer('READY_MAX_LAG_MESSAGES', 10_000, 0, 1_000_000_000),
    maxConnections: integer('MAX_CONNECTIONS', 10_000, 1, 1_000_000),
    maxConnectionsPerClient: integer('MAX_CONNECTIONS_PER_CLIENT', 256, 0, 1_000_000),
    headersTimeoutMs: integer('HEADERS_TIMEOUT_MS', 10_000, 100, 300_000),
    idleTimeoutMs: integer('IDLE_TIMEOUT_MS', 30_000, 100, 3_600_000),
    requestTimeoutMs: integer('REQUEST_TIMEOUT_MS', 120_000, 1000, 3_600_000),
    // 10000, not less: at 1000 a control-room dashboard taking a whole area's orders at 200/s on a slowed
    // host was dropped in npm run bench (delivery p50 447 ms). The bench measures what never-readers cost.
    subscriberMaxQueued: integer('SUBSCRIBER_MAX_QUEUED', 10_000, 1, 1_000_000),
    maxSubscriptionsPerSocket: integer('MAX_SUBSCRIPTIONS_PER_SOCKET', 32, 1, 10_000),
    // A socket that has not answered a ping one interval later is ended: a never-reading client costs
    // the hub at most two intervals of events. 10 s leaves a reading client on a slow link time to drain.
    subscriberPingIntervalMs: integer('SUBSCRIBER_PING_MS', 10_000, 50, 600_000),
    subscriberMaxBufferedBytes: integer('SUBSCRIBER_MAX_BUFFERED_BYTES', 4 * 1024 * 1024, 1024, 1024 ** 3),
    clockDueSoonLeads: clockLeads.leads,
    clockCatchUpMinutes: integer('CLOCK_CATCH_UP_HOURS', 168, 0, 24 * 3660) * 60,
    clockPollIntervalMs: integer('CLOCK_POLL_MS', 1000, 500, 600_000),
    delivery: {
      allowHttp: bool('DELIVERY_ALLOW_HTTP', embedded),
      retryBaseMs: integer('DELIVERY_RETRY_BASE_MS', 1000, 1, 3_600_000),
      retryMaxMs: integer('DELIVERY_RETRY_MAX_MS', 15 * 60_000, 1, 24 * 3_600_000),
      timeoutMs: integer('DELIVERY_TIMEOUT_MS', 10_000, 100, 300_000),
      concurrency: integer('DELIVERY_CONCURRENCY', 8, 1, 64),
    },
    notify: notifyConfig(),
    serviceName: text('OTEL_SERVICE_NAME') ?? 'shieldline',
    maxEventBytes: integer('MAX_EVENT_BYTES', 1_048_588 - 4096, 1024, 64 * 1024 * 1024),
    maxTokenLifetimeSeconds: integer('MAX_TOKEN_LIFETIME_SECONDS', 12 * 3600, 60, 7 * 24 * 3600),
    introspection: bool('GRAPHQL_INTROSPECTION', embedded),
    trustedDocuments: oneOf('TRUSTED_DOCUMENTS', ['off', 'allow', 'require'] as const, 'off'),
    trustedDocumentsFile: env.TRUSTED_DOCUMENTS_FILE?.trim() || null,
    consoleDir: env.CONSOLE_DIR?.trim() || null,
    oidc: oidcConfig(),
  };
  if (config.requestTimeoutMs < config.headersTimeoutMs)
    problems.push('REQUEST_TIMEOUT_MS must not be below HEADERS_TIMEOUT_MS');
  if (problems.length > 0) {
    throw new ShieldlineError('CONFIG_INVALID', `Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
  return config;
}

/** GOV.UK Notify API keys end in the service id and the secret: `<name>-<uuid>-<uuid>`. */
const NOTIFY_KEY =
  /-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isEmbedded(config: Config): boolean {
  return config.databaseUrl === null;
}
