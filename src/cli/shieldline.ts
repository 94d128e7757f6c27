#!/usr/bin/env node
import { userInfo } from 'node:os';
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { findConnector } from '../../connectors';
import { errorMessage, ShieldlineError } from '../common/errors';
import { createLogger } from '../common/logger';
import { type Config, parseConfig } from '../config/config';
import { type CheckpointStore, PostgresCheckpointStore } from '../persistence/repositories/checkpoint-store';
import { LocalSink, type RecordSink } from '../ingest/connector-runtime';
import { HttpSink, hubIdentity } from '../ingest/http-sink';
import { recordedEventLookup } from '../persistence/repositories/recorded-events';
import { CliUsageError as UsageError, fileCheckpoints, runCheck, runIngest } from './file-commands';
import { DeadLetterService } from '../ingest/dead-letter.service';
import { IngestService } from '../ingest/ingest.service';
import { type EventLog } from '../messaging/event-log.port';
import { KafkaEventLog } from '../messaging/kafka-event-log';
import { PostgresEventLog } from '../messaging/postgres-event-log';
import { allTopics, projectedTopics, projectorGroupId, topicNames } from '../messaging/topics';
import { reseedProjector } from '../projection/reseed';
import { openDatabase } from '../persistence/data-source';
import { rebuildProjections } from '../projection/rebuild';
import { LinkageSampleRepository } from '../persistence/repositories/linkage-sample.repository';
import { estimateFromPairs } from '../domain/linkage/estimate';
import { CURRENT_LINKAGE_PARAMETERS } from '../domain/linkage/parameters';
import { verifyAuditChain } from '../domain/audit-chain';
import { AuditLogReader, AuditRepository } from '../persistence/repositories/audit.repository';
import { AccessStep } from '../security/access-step';
import { DestinationCheckpoints } from '../persistence/repositories/checkpoint-store';
import { cliOperator } from './cli-operator';
import { isCalendarDay } from '../domain/reconciliation';
import { ReconciliationService } from '../domain/reconciliation.service';
import { ReconciliationRepository } from '../persistence/repositories/reconciliation.repository';
import {
  DeadLetterRepository,
  type StoredDeadLetter,
} from '../persistence/repositories/dead-letter.repository';

const USAGE = `usage: shieldline check FILE|DIR --connector ID [--content-type TYPE]
       shieldline ingest FILE|DIR --connector ID [--url URL] [--batch-size N] [--from-start] [--content-type TYPE]
       shieldline dead-letters list [--connector ID] [--reason CODE] [--all] [--limit N] [--json] [--operator NAME]
       shieldline dead-letters show DEAD_LETTER_ID [--operator NAME]
       shieldline dead-letters redrive DEAD_LETTER_ID --operator NAME
       shieldline projections rebuild
       shieldline projections reseed --confirm
       shieldline audit verify
       shieldline linkage estimate [--random N] [--anchors N] [--version NAME]
       shieldline reconcile --connector ID --from YYYY-MM-DD [--to YYYY-MM-DD] [--operator NAME]

check    read FILE with the connector and print every problem per record; sends nothing (exit 3 if any)
ingest   send FILE through the connector runtime and print accepted / duplicates / rejected.
         To a running hub over HTTP when --url or SHIELDLINE_URL is set (token: SHIELDLINE_TOKEN, a
         publisher), else straight to the event log with DATABASE_URL; else to the demo at
         http://127.0.0.1:4000. Resumes after the last acknowledged batch (--from-start to resend).

The other commands read DATABASE_URL (required) and KAFKA_BROKERS / TOPIC_PREFIX like the hub.
  list     dead letters not yet re-driven, newest first (--all includes re-driven ones)
  show     one dead letter with every problem and its original bytes
  redrive  send the original bytes through their connector again; prints the new events or the new dead letter
  rebuild  drop every projection and fold the event store again (one transaction; safe while the hub
           runs, but reads of the projections wait until it commits)
  reseed   after the event log changed (recreated cluster or topic; /readyz says so): forget the
           projector's positions and replay the current log from its start, skipping events already
           applied. Stop the projector first; start it again afterwards
  verify   walk the audit hash chain; exit 0 when intact, 4 naming the first broken record
  estimate estimate the person-linkage m/u by EM from this hub's own records (N random pairs, default
           20,000; the blocks of N random people, default 2,000) and print them beside the parameters
           in force, for review; adopts nothing, prints no record
  reconcile compare the connector's stored daily manifests (POST /reconciliation/ID) in the date range
           with what the hub holds now; one JSON line per day; exit 5 when any record differs`;

interface Args {
  positional: string[];
  flags: Map<string, string | true>;
}

function parseArgs(argv: readonly string[]): Args {
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const name = arg.slice(2);
    if (['all', 'json', 'from-start', 'confirm'].includes(name)) flags.set(name, true);
    else if (
      [
        'connector',
        'reason',
        'limit',
        'operator',
        'url',
        'batch-size',
        'content-type',
        'from',
        'to',
        'random',
        'anchors',
        'version',
      ].includes(name) &&
      argv[i + 1] !== undefined
    ) {
      flags.set(name, argv[++i]!);
    } else throw new UsageError(`unknown or incomplete option ${arg}`);
  }
  return { positional, flags };
}

function text(flags: Args['flags'], name: string): string | undefined {
  const value = flags.get(name);
  return typeof value === 'string' ? value : undefined;
}

async function main(argv: readonly string[]): Promise<number> {
  if (argv.length === 0 || argv.some((a) => a === '--help' || a === '-h') || argv[0] === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return argv.length === 0 ? 2 : 0;
  }
  const { positional, flags } = parseArgs(argv);
  const [group, command, id] = positional;
  const config = parseConfig(process.env, { instanceId: `cli-${randomUUID().slice(0, 8)}` });
  if (group === 'check' || group === 'ingest') {
    if (!command) throw new UsageError(`${group} needs a FILE`);
    const fileOptions = {
      file: command,
      connector: text(flags, 'connector'),
      contentType: text(flags, 'content-type'),
    };
    if (group === 'check') return runCheck(fileOptions, process.stdout);
    return withIngestTarget(config, text(flags, 'url'), (sink, checkpoints) =>
      runIngest(
        {
          ...fileOptions,
          batchSize: text(flags, 'batch-size'),
          fromStart: flags.has('from-start'),
          sink,
          checkpoints,
        },
        process.stdout,
        process.stderr,
      ),
    );
  }
  if (group === 'reconcile') return reconcile(config, flags);
  if (!['dead-letters', 'projections', 'audit', 'linkage'].includes(group ?? '') || !command)
    throw new UsageError('expected a command');
  if (!config.databaseUrl) {
    throw new ShieldlineError(
      'CONFIG_INVALID',
      'DATABASE_URL is required: the embedded demo database lives inside the running hub process',
    );
  }
  const dataSource = await openDatabase(config.databaseUrl, 2);
  let eventLog: EventLog | null = null;
  try {
    const repository = new DeadLetterRepository(dataSource);
    const openLog = async () => {
      eventLog = config.kafkaBrokers
        ? new KafkaEventLog(config.kafkaBrokers, config.kafkaClientId, createLogger('error'))
        : new PostgresEventLog(dataSource, createLogger('error'));
      const topics = topicNames(config.topicPrefix);
      await eventLog.ensureTopics(allTopics(topics));
      return new IngestService(eventLog, topics, undefined, undefined, {
        maxEventBytes: config.maxEventBytes,
      });
    };
    if (group === 'audit') {
      if (command !== 'verify') throw new UsageError(`unknown command audit ${command}`);
      const reader = new AuditLogReader(dataSource);
      const result = await verifyAuditChain((after, limit) => reader.page(after, limit));
      process.stdout.write(
        `${JSON.stringify(result.intact ? { intact: true, checked: result.checked } : { intact: false, checked: result.checked, firstBroken: result.firstBroken })}\n`,
      );
      return result.intact ? 0 : 4;
    }
    if (group === 'linkage') {
      if (command !== 'estimate') throw new UsageError(`unknown command linkage ${command}`);
      const count = (name: string, fallback: number) => {
        const value = Number(text(flags, name) ?? fallback);
        if (!Number.isInteger(value) || value < 1 || value > 1_000_000)
          throw new UsageError(`--${name} must be a whole number from 1 to 1,000,000`);
        return value;
      };
      const samples = new LinkageSampleRepository(dataSource);
      const random = await samples.randomPairs(count('random', 20_000));
      const blocked = await samples.blockedPairs(count('anchors', 2_000), 50);
      const version = text(flags, 'version') ?? `estimated-${new Date().toISOString().slice(0, 10)}`;
      const estimate = estimateFromPairs(random, blocked, CURRENT_LINKAGE_PARAMETERS, version);
      process.stdout.write(`${JSON.stringify(estimate, null, 2)}\n`);
      return 0;
    }
    if (group === 'projections' && command === 'reseed') {
      if (!flags.has('confirm')) throw new UsageError('reseed replays the whole log: add --confirm');
      const log = config.kafkaBrokers
        ? new KafkaEventLog(config.kafkaBrokers, config.kafkaClientId, createLogger('error'))
        : new PostgresEventLog(dataSource, createLogger('error'));
      eventLog = log;
      const topics = topicNames(config.topicPrefix);
      const result = await reseedProjector(
        dataSource,
        log,
        projectorGroupId(config.topicPrefix),
        projectedTopics(topics),
      );
      process.stdout.write(`${JSON.stringify({ reseeded: true, ...result })}\n`);
      return 0;
    }
    if (group === 'projections') {
      if (command !== 'rebuild') throw new UsageError(`unknown command projections ${command}`);
      const started = Date.now();
      const { events } = await rebuildProjections(dataSource, {
        onProgress: (done) => process.stderr.write(`\rfolded ${done} events`),
      });
      process.stderr.write('\n');
      process.stdout.write(
        `${JSON.stringify({ rebuilt: true, events, seconds: (Date.now() - started) / 1000 })}\n`,
      );
      return 0;
    }
    // The command line reads raw records like the API does: through the same entitlement and audit step,
    // as the operator named by --operator (or the login name), with the operator role for operations.
    const operator = text(flags, 'operator') ?? (process.env.USER || userInfo().username);
    const actor = cliOperator(operator);
    const access = new AccessStep(new AuditRepository(dataSource));
    switch (command) {
      case 'list': {
        const limit = Number(text(flags, 'limit') ?? 50);
        if (!Number.isInteger(limit) || limit < 1 || limit > 10_000)
          throw new UsageError('--limit must be 1–10000');
        const letters = await new DeadLetterService(repository, null, findConnector, access).list(actor, {
          connector: text(flags, 'connector'),
          reasonCode: text(flags, 'reason'),
          includeRedriven: flags.has('all'),
          limit,
        });
        if (flags.has('json')) process.stdout.write(`${JSON.stringify(letters.map(summary), null, 2)}\n`);
        else printTable(letters);
        return 0;
      }
      case 'show': {
        if (!id) throw new UsageError('show needs a dead letter id');
        const letter = await new DeadLetterService(repository, null, findConnector, access).get(actor, id);
        if (!letter) throw new ShieldlineError('DEAD_LETTER_NOT_FOUND', `no dead letter ${id}`);
        process.stdout.write(
          `${JSON.stringify({ ...summary(letter), original: original(letter) }, null, 2)}\n`,
        );
        return 0;
      }
      case 'redrive': {
        if (!id || !text(flags, 'operator'))
          throw new UsageError('redrive needs a dead letter id and --operator NAME');
        const service = new DeadLetterService(repository, await openLog(), findConnector, access);
        const result = await service.redrive(actor, id);
        process.stdout.write(`${JSON.stringify({ deadLetterId: id, ...result })}\n`);
        return result.outcome === 'ACCEPTED' ? 0 : 3;
      }
      default:
        throw new UsageError(`unknown command dead-letters ${command}`);
    }
  } finally {
    await eventLog?.close();
    await dataSource.destroy();
  }
}

/** `shieldline reconcile`: the stored manifests of a date range compared again, as the hub stands now. */
async function reconcile(config: Config, flags: Args['flags']): Promise<number> {
  const connector = text(flags, 'connector');
  const from = text(flags, 'from');
  const to = text(flags, 'to') ?? from;
  if (!connector || !isCalendarDay(from) || !isCalendarDay(to))
    throw new UsageError('reconcile needs --connector ID and --from YYYY-MM-DD (and --to YYYY-MM-DD)');
  if (!findConnector(connector)) throw new UsageError(`no connector "${connector}"`);
  if (!config.databaseUrl)
    throw new ShieldlineError('CONFIG_INVALID', 'DATABASE_URL is required for reconcile');
  const dataSource = await openDatabase(config.databaseUrl, 2);
  try {
    const operator = text(flags, 'operator') ?? (process.env.USER || userInfo().username);
    const service = new ReconciliationService(
      new ReconciliationRepository(dataSource),
      new AccessStep(new AuditRepository(dataSource)),
    );
    const runs = await service.rerun(cliOperator(operator), connector, from, to);
    for (const run of runs) process.stdout.write(`${JSON.stringify(run)}\n`);
    if (runs.length === 0) process.stderr.write(`no manifest from ${connector} between ${from} and ${to}\n`);
    return runs.some((r) => r.differences.length > 0) ? 5 : 0;
  } finally {
    await dataSource.destroy();
  }
}

/**
 * Where `ingest` sends: a hub over HTTP (--url / SHIELDLINE_URL, checkpoints in a local file), or the
 * event log directly (DATABASE_URL, checkpoints in the database), or the local demo hub.
 */
async function withIngestTarget(
  config: Config,
  url: string | undefined,
  run: (sink: RecordSink, checkpoints: CheckpointStore) => Promise<number>,
): Promise<number> {
  const hubUrl = url ?? process.env.SHIELDLINE_URL;
  if (hubUrl || !config.databaseUrl) {
    const token = process.env.SHIELDLINE_TOKEN ?? null;
    const target = hubUrl ?? 'http://127.0.0.1:4000';
    // Checkpoints per hub: the URL and the identity of the hub answering there (a restarted demo is a
    // new hub and is sent everything again).
    const destination = `${target.replace(/\/$/, '')}#${await hubIdentity(target)}`;
    return run(
      new HttpSink(target, token),
      new DestinationCheckpoints(fileCheckpoints(process.env), destination),
    );
  }
  const dataSource = await openDatabase(config.databaseUrl, 2);
  const eventLog: EventLog = config.kafkaBrokers
    ? new KafkaEventLog(config.kafkaBrokers, config.kafkaClientId, createLogger('error'))
    : new PostgresEventLog(dataSource, createLogger('error'));
  try {
    const topics = topicNames(config.topicPrefix);
    await eventLog.ensureTopics(allTopics(topics));
    const ingest = new IngestService(eventLog, topics, undefined, recordedEventLookup(dataSource), {
      maxEventBytes: config.maxEventBytes,
    });
    // Checkpoints per log: positions in a recreated log say nothing, so its sources are sent again
    // (re-sent records are recognised by their event ids).
    const checkpoints = new DestinationCheckpoints(
      new PostgresCheckpointStore(dataSource),
      await eventLog.identity(),
    );
    return await run(new LocalSink(ingest), checkpoints);
  } finally {
    await eventLog.close();
    await dataSource.destroy();
  }
}

function summary(letter: StoredDeadLetter) {
  return {
    deadLetterId: letter.deadLetterId,
    receivedAt: letter.receivedAt.toISOString(),
    connector: letter.connector,
    reasonCode: letter.reasonCode,
    message: letter.message,
    problems: letter.problems,
    contentType: letter.contentType,
    bytes: letter.originalBytes.length,
    truncated: letter.truncated,
    redrivenAt: letter.redrivenAt?.toISOString() ?? null,
    redrivenBy: letter.redrivenBy,
    redriveOutcome: letter.redriveOutcome,
  };
}

/** The original bytes as text when they are valid UTF-8, else base64 (never altered). */
function original(letter: StoredDeadLetter): { encoding: 'utf8' | 'base64'; content: string } {
  try {
    return {
      encoding: 'utf8',
      content: new TextDecoder('utf-8', { fatal: true }).decode(letter.originalBytes),
    };
  } catch {
    return { encoding: 'base64', content: letter.originalBytes.toString('base64') };
  }
}

function printTable(letters: readonly StoredDeadLetter[]): void {
  if (letters.length === 0) {
    process.stdout.write('no dead letters\n');
    return;
  }
  for (const letter of letters) {
    const message = letter.message.length > 100 ? `${letter.message.slice(0, 99)}…` : letter.message;
    process.stdout.write(
      `${letter.deadLetterId}  ${letter.receivedAt.toISOString()}  ${letter.connector}  ${letter.reasonCode}${letter.redriveOutcome ? ` (re-driven: ${letter.redriveOutcome})` : ''}\n    ${message}\n`,
    );
  }
  process.stdout.write(`${letters.length} dead letter(s)\n`);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof UsageError) {
      process.stderr.write(`${err.message}\n${USAGE}\n`);
      process.exit(2);
    }
    const code = err instanceof ShieldlineError ? err.code : 'FAILED';
    process.stderr.write(`shieldline: [${code}] ${errorMessage(err)}\n`);
    process.exit(1);
  },
);
