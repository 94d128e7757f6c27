import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';

export interface SinkResult {
  events: number;
  tasks: number;
  eventsPerSecond: number;
  seconds: number;
}

const ROOT = join(__dirname, '..', '..');
const TABLE = 'bench_debezium_order';

/**
 * The projector's peer (issue #18): the Debezium JDBC sink in Kafka Connect standalone, upserting every
 * court event of `topic` into one PostgreSQL table by its key (the order reference) — what a plain
 * "Kafka to PostgreSQL" pipeline does, without folding, validation, timelines, clocks or the audit. Jars
 * from Maven Central (scripts/debezium-sink.sh). Timed from the sink task's start (its log line; the JVM
 * and plugin scan before it are not the sink's work) until its consumer group has committed the end of
 * every partition. Connect commits every 500 ms here, so the figure may be up to that much long.
 */
export async function measureDebeziumSink(
  brokers: string[],
  databaseUrl: string,
  topic: string,
  events: number,
  tasks: number,
): Promise<SinkResult> {
  execFileSync('bash', [join(ROOT, 'scripts', 'debezium-sink.sh'), 'fetch'], { stdio: 'inherit' });
  const [classpath, pluginPath] = execFileSync('bash', [join(ROOT, 'scripts', 'debezium-sink.sh'), 'paths'])
    .toString('utf8')
    .trim()
    .split('\n');
  const db = new URL(databaseUrl);
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`DROP TABLE IF EXISTS ${TABLE}`);
    await client.query(`CREATE TABLE ${TABLE} (order_ref text PRIMARY KEY, doc jsonb NOT NULL)`);
  } finally {
    await client.end();
  }
  const work = mkdtempSync(join(tmpdir(), 'shieldline-debezium-'));
  const name = `bench-sink-${Date.now()}`;
  const worker = join(work, 'worker.properties');
  const connector = join(work, 'connector.properties');
  writeFileSync(
    worker,
    [
      `bootstrap.servers=${brokers.join(',')}`,
      'key.converter=org.apache.kafka.connect.storage.StringConverter',
      'value.converter=org.apache.kafka.connect.storage.StringConverter',
      `offset.storage.file.filename=${join(work, 'offsets')}`,
      'offset.flush.interval.ms=500',
      `plugin.path=${pluginPath}`,
      // The same fetch sizes the projector uses (1 MiB per partition).
      'consumer.max.partition.fetch.bytes=1048576',
      'consumer.max.poll.records=2000',
    ].join('\n'),
  );
  writeFileSync(
    connector,
    [
      `name=${name}`,
      'connector.class=io.debezium.connector.jdbc.JdbcSinkConnector',
      `tasks.max=${tasks}`,
      `topics=${topic}`,
      `connection.url=jdbc:postgresql://${db.hostname}:${db.port || 5432}${db.pathname}?stringtype=unspecified`,
      `connection.username=${decodeURIComponent(db.username) || 'postgres'}`,
      `connection.password=${decodeURIComponent(db.password)}`,
      'insert.mode=upsert',
      'primary.key.mode=record_key',
      'primary.key.fields=order_ref',
      'schema.evolution=none',
      `collection.name.format=${TABLE}`,
      `table.name.format=${TABLE}`,
      'transforms=key,value',
      'transforms.key.type=org.apache.kafka.connect.transforms.HoistField$Key',
      'transforms.key.field=order_ref',
      'transforms.value.type=org.apache.kafka.connect.transforms.HoistField$Value',
      'transforms.value.field=doc',
    ].join('\n'),
  );
  const child: ChildProcess = spawn(
    'java',
    [
      '-Xms256m',
      '-Xmx768m',
      '-XX:+UseSerialGC',
      `-Dlog4j.configuration=file:${join(ROOT, '.kafka-connect', 'log4j.properties')}`,
      '-cp',
      classpath!,
      'org.apache.kafka.connect.cli.ConnectStandalone',
      worker,
      connector,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  let output = '';
  const started = new Promise<number>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (output.includes('Sink task finished initialization and start')) resolve(performance.now());
      if (output.length > 1_000_000) output = output.slice(-100_000);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) =>
      reject(new Error(`Kafka Connect exited with ${code}:\n${output.slice(-4000)}`)),
    );
  });
  const kafka = new Kafka({ clientId: 'bench-debezium-watch', brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const startedAt = await started;
    const ends = await admin.fetchTopicOffsets(topic);
    const deadline = Date.now() + 10 * 60 * 1000;
    for (;;) {
      const [committed] = await admin.fetchOffsets({ groupId: `connect-${name}`, topics: [topic] });
      const done = ends.every((end) => {
        const at = committed?.partitions.find((p) => p.partition === end.partition)?.offset ?? '-1';
        return BigInt(at) >= BigInt(end.high);
      });
      if (done) break;
      if (Date.now() > deadline) throw new Error(`the Debezium sink did not finish within 10 minutes`);
      if (child.exitCode !== null) throw new Error(`Kafka Connect exited:\n${output.slice(-4000)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const seconds = (performance.now() - startedAt) / 1000;
    const check = new Client({ connectionString: databaseUrl });
    await check.connect();
    try {
      const [row] = (await check.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${TABLE}`)).rows;
      if (!row || row.n === 0) throw new Error('the Debezium sink wrote no rows');
    } finally {
      await check.end();
    }
    return {
      events,
      tasks,
      eventsPerSecond: Math.round(events / seconds),
      seconds: Math.round(seconds * 10) / 10,
    };
  } finally {
    await admin.disconnect();
    child.kill('SIGTERM');
    await new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      child.once('exit', () => (clearTimeout(timer), resolve()));
    });
    process.removeListener('exit', killOnExit);
  }
}
