import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';

const run = promisify(execFile);
/** The repository root, whether this runs from source (Jest) or from dist/ (npm run bench). */
const ROOT = (() => {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('package.json not found above test/harness');
    dir = parent;
  }
  return dir;
})();

/** What global setup found or started, and how to undo it. Serialised between setup and teardown. */
export interface TestInfra {
  databaseUrl: string;
  kafkaBrokers: string;
  describe: string[];
  cleanup: CleanupStep[];
}

export type CleanupStep =
  | { kind: 'drop-database'; adminUrl: string; name: string }
  | { kind: 'stop-local-kafka'; port: number }
  | { kind: 'stop-container'; id: string };

export const ENV_DATABASE = 'SHIELDLINE_TEST_DATABASE_URL';
export const ENV_KAFKA = 'SHIELDLINE_TEST_KAFKA_BROKERS';

const LOCAL_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * Finds a real PostgreSQL and a real Apache Kafka broker, in this order:
 * DATABASE_URL's server (a fresh database there, dropped at the end) / KAFKA_BROKERS when set; testcontainers when a Docker engine answers; otherwise the local
 * PostgreSQL on 127.0.0.1:5432 (a fresh database per run) and a KRaft broker started from Maven Central
 * jars by scripts/kafka-local.sh (stopped at the end).
 */
export async function provisionInfra(
  env: NodeJS.ProcessEnv,
  needs: { kafka: boolean } = { kafka: true },
  already: TestInfra | null = null,
): Promise<TestInfra> {
  const infra: TestInfra = already ?? { databaseUrl: '', kafkaBrokers: '', describe: [], cleanup: [] };
  try {
    await provisionInto(infra, env, needs);
  } catch (err) {
    // Undo whatever was already started, so a failed start leaves no broker or database behind.
    await releaseInfra(infra);
    throw err;
  }
  return infra;
}

/** Adds what is still missing to `infra`: the database, and the broker when `needs.kafka`. */
async function provisionInto(
  infra: TestInfra,
  env: NodeJS.ProcessEnv,
  needs: { kafka: boolean },
): Promise<void> {
  const wantKafka = needs.kafka && !infra.kafkaBrokers;
  const wantDatabase = !infra.databaseUrl;
  const docker =
    (!wantDatabase || env.DATABASE_URL) && (!wantKafka || env.KAFKA_BROKERS)
      ? false
      : await dockerAvailable();

  if (!wantDatabase) {
    // provisioned by an earlier project's setup
  } else if (env.DATABASE_URL) {
    // The server it names, never the database itself: the suite migrates, rebuilds projections and adds
    // triggers, so it runs in a database of its own there, dropped at the end.
    const name = await createFreshDatabase(env.DATABASE_URL);
    infra.databaseUrl = withDatabase(env.DATABASE_URL, name);
    infra.cleanup.push({ kind: 'drop-database', adminUrl: env.DATABASE_URL, name });
    infra.describe.push(`PostgreSQL from DATABASE_URL's server, fresh database ${name}`);
  } else if (docker) {
    const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
    const container = await new PostgreSqlContainer('postgres:16-alpine').start();
    infra.databaseUrl = container.getConnectionUri();
    infra.cleanup.push({ kind: 'stop-container', id: container.getId() });
    infra.describe.push('PostgreSQL from testcontainers');
  } else {
    const name = await createFreshDatabase(LOCAL_ADMIN_URL);
    infra.databaseUrl = withDatabase(LOCAL_ADMIN_URL, name);
    infra.cleanup.push({ kind: 'drop-database', adminUrl: LOCAL_ADMIN_URL, name });
    infra.describe.push(`local PostgreSQL, fresh database ${name}`);
  }

  if (!wantKafka) {
    // not needed by this project, or provisioned already
  } else if (env.KAFKA_BROKERS) {
    infra.kafkaBrokers = env.KAFKA_BROKERS;
    infra.describe.push('Kafka from KAFKA_BROKERS');
  } else if (docker) {
    const { KafkaContainer } = await import('@testcontainers/kafka');
    const container = await new KafkaContainer('confluentinc/cp-kafka:7.9.0').withKraft().start();
    infra.kafkaBrokers = `${container.getHost()}:${container.getMappedPort(9093)}`;
    infra.cleanup.push({ kind: 'stop-container', id: container.getId() });
    infra.describe.push('Kafka from testcontainers');
  } else {
    const port = await freePortPair();
    infra.cleanup.push({ kind: 'stop-local-kafka', port });
    const started = Date.now();
    await run('bash', [join(ROOT, 'scripts/kafka-local.sh'), 'start'], {
      env: {
        // C1-only JIT: on a 2-core machine the broker's C2 compiler competes with the hub, PostgreSQL and
        // the load generator for the first minutes; measured p99 ~350 ms → ~190 ms in npm run bench.
        KAFKA_LOCAL_JVM_OPTS: '-XX:TieredStopAtLevel=1',
        ...env,
        KAFKA_LOCAL_PORT: String(port),
      },
      timeout: 10 * 60 * 1000,
    });
    infra.kafkaBrokers = `127.0.0.1:${port}`;
    infra.describe.push(`local Apache Kafka (KRaft) on 127.0.0.1:${port}, up in ${Date.now() - started} ms`);
  }
}

/** Creates a database of the suite's own on the server `adminUrl` connects to, and returns its name. */
export async function createFreshDatabase(
  adminUrl: string,
  name = `shieldline_test_${Date.now()}_${process.pid}`,
): Promise<string> {
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } catch (err) {
    throw new Error(
      `the tests run in a database of their own and could not create one on ${redacted(adminUrl)}: ${
        (err as Error).message
      } (the role needs CREATEDB)`,
    );
  } finally {
    await admin.end();
  }
  return name;
}

export function withDatabase(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

function redacted(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  if (url.password) url.password = '***';
  return url.toString();
}

/**
 * Another local KRaft broker, with fresh storage (so a new cluster id), for tests that need a second log:
 * a recreated cluster is exactly this — same address space, empty log, new identity. Needs the jars
 * scripts/kafka-local.sh fetched for the main broker (Maven cache).
 */
export async function startLocalBroker(): Promise<{ brokers: string; stop(): Promise<void> }> {
  const port = await freePortPair();
  const env = {
    ...process.env,
    KAFKA_LOCAL_PORT: String(port),
    KAFKA_LOCAL_JVM_OPTS: '-XX:TieredStopAtLevel=1',
  };
  await run('bash', [join(ROOT, 'scripts/kafka-local.sh'), 'start'], { env, timeout: 5 * 60 * 1000 });
  return {
    brokers: `127.0.0.1:${port}`,
    stop: async () => {
      await run('bash', [join(ROOT, 'scripts/kafka-local.sh'), 'stop'], { env });
    },
  };
}

/** A three-node KRaft cluster (scripts/kafka-cluster.sh): replication factor 3, min.insync.replicas 2. */
export interface LocalCluster {
  brokers: string;
  /** kill -9 of node 1–3 (its storage is kept). */
  killNode(node: number): Promise<void>;
  /** Starts a killed node again on its storage, resolving when its port answers. */
  startNode(node: number): Promise<void>;
  stop(): Promise<void>;
}

export async function startLocalCluster(): Promise<LocalCluster> {
  let base = 0;
  for (let attempt = 0; attempt < 50 && base === 0; attempt++) {
    const candidate = 20000 + 2 * Math.floor(Math.random() * 10000);
    const ports = Array.from({ length: 6 }, (_, i) => candidate + i);
    if ((await Promise.all(ports.map(portFree))).every(Boolean)) base = candidate;
  }
  if (base === 0) throw new Error('no six free ports for the local Kafka cluster');
  const env = {
    ...process.env,
    KAFKA_CLUSTER_PORT: String(base),
    KAFKA_LOCAL_JVM_OPTS: '-XX:TieredStopAtLevel=1',
  };
  const script = join(ROOT, 'scripts/kafka-cluster.sh');
  const cluster = (...args: string[]) => run('bash', [script, ...args], { env, timeout: 5 * 60 * 1000 });
  await cluster('start');
  return {
    brokers: (await cluster('brokers')).stdout.trim(),
    killNode: async (node) => void (await cluster('kill-node', String(node))),
    startNode: async (node) => void (await cluster('start-node', String(node))),
    stop: async () => void (await cluster('stop')),
  };
}

export async function releaseInfra(infra: TestInfra): Promise<void> {
  for (const step of [...infra.cleanup].reverse()) {
    try {
      switch (step.kind) {
        case 'stop-local-kafka':
          await run('bash', [join(ROOT, 'scripts/kafka-local.sh'), 'stop'], {
            env: { ...process.env, KAFKA_LOCAL_PORT: String(step.port) },
          });
          break;
        case 'drop-database': {
          const admin = new Client({ connectionString: step.adminUrl });
          await admin.connect();
          try {
            await admin.query(`DROP DATABASE IF EXISTS ${step.name} WITH (FORCE)`);
          } finally {
            await admin.end();
          }
          break;
        }
        case 'stop-container': {
          const { getContainerRuntimeClient } = await import('testcontainers');
          const client = await getContainerRuntimeClient();
          await client.container.stop(client.container.getById(step.id));
          break;
        }
      }
    } catch (err) {
      process.stderr.write(`test teardown: ${step.kind} failed: ${String(err)}\n`);
    }
  }
}

/** testcontainers rejects within milliseconds when no container runtime exists: a reliable signal. */
async function dockerAvailable(): Promise<boolean> {
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await getContainerRuntimeClient();
    return true;
  } catch {
    return false;
  }
}

/** A free port whose successor is also free (the broker's controller listens on port + 1). */
async function freePortPair(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = 20000 + Math.floor(Math.random() * 20000);
    if ((await portFree(port)) && (await portFree(port + 1))) return port;
  }
  throw new Error('no free port pair for the local Kafka broker');
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}
