import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../../src/common/logger';
import { openDatabase } from '../../src/persistence/data-source';
import { KafkaEventLog } from '../../src/messaging/kafka-event-log';
import { ENV_DATABASE, ENV_KAFKA, provisionInfra, releaseInfra, type TestInfra } from './infra';
import { traceTimerOrigins } from './open-handles';

export const STATE_FILE = join(tmpdir(), `shieldline-test-infra-${process.pid}.json`);

/**
 * Jest global setup (integration and e2e projects): real PostgreSQL + real Kafka, migrated and reachable.
 * Jest calls it once per project; the second call finds the first one's infrastructure and reuses it.
 */
// eslint-disable-next-line no-restricted-syntax -- Jest loads global setup through its default export.
export default async function globalSetup(
  _globalConfig: unknown,
  projectConfig: { displayName?: { name?: string } | string },
): Promise<void> {
  // The integration tier runs on PostgreSQL with the table event log; only the e2e tier needs a broker.
  const project =
    typeof projectConfig.displayName === 'string'
      ? projectConfig.displayName
      : projectConfig.displayName?.name;
  const needs = { kafka: project !== 'integration' };
  // Set up by an earlier project's setup in this process (the env says so); a state file alone may be a
  // killed run's, whose process id this one happens to reuse.
  const already =
    process.env[ENV_DATABASE] && existsSync(STATE_FILE)
      ? (JSON.parse(readFileSync(STATE_FILE, 'utf8')) as TestInfra)
      : null;
  if (already && (!needs.kafka || already.kafkaBrokers)) return;
  if (!already) traceTimerOrigins();
  const infra = await provisionInfra(process.env, needs, already);
  writeFileSync(STATE_FILE, JSON.stringify(infra));
  // Ctrl-C: drop the test database and stop the broker this run started, then stop.
  if (!already)
    process.once('SIGINT', () => {
      process.stderr.write('\ninterrupted: releasing the test database and broker…\n');
      const current = JSON.parse(readFileSync(STATE_FILE, 'utf8')) as TestInfra;
      void releaseInfra(current).finally(() => {
        rmSync(STATE_FILE, { force: true });
        process.exit(130);
      });
    });
  process.env[ENV_DATABASE] = infra.databaseUrl;
  if (infra.kafkaBrokers) process.env[ENV_KAFKA] = infra.kafkaBrokers;

  const dataSource = await openDatabase(infra.databaseUrl, 2);
  await dataSource.destroy();

  if (infra.kafkaBrokers) {
    // The broker accepts TCP before it can serve metadata; retry until it answers (≤ 60 s).
    const kafka = new KafkaEventLog(
      infra.kafkaBrokers.split(','),
      'shieldline-test-setup',
      createLogger('silent'),
    );
    const deadline = Date.now() + 60_000;
    for (;;) {
      try {
        await kafka.ensureTopics(['shieldline-test-readiness']);
        break;
      } catch (err) {
        if (Date.now() > deadline) throw err;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
    await kafka.close();
  }
  process.stderr.write(`\ntest infrastructure: ${infra.describe.join('; ')}\n`);
}
