import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../../src/common/logger';
import { openDatabase } from '../../src/persistence/data-source';
import { KafkaEventLog } from '../../src/messaging/kafka-event-log';
import { ENV_DATABASE, ENV_KAFKA, provisionInfra } from './infra';
import { traceTimerOrigins } from './open-handles';

export const STATE_FILE = join(tmpdir(), `shieldline-test-infra-${process.pid}.json`);

/** Jest global setup (integration project): real PostgreSQL + real Kafka, migrated and reachable. */
// eslint-disable-next-line no-restricted-syntax -- Jest loads global setup through its default export.
export default async function globalSetup(): Promise<void> {
  traceTimerOrigins();
  const infra = await provisionInfra(process.env);
  writeFileSync(STATE_FILE, JSON.stringify(infra));
  process.env[ENV_DATABASE] = infra.databaseUrl;
  process.env[ENV_KAFKA] = infra.kafkaBrokers;

  const dataSource = await openDatabase(infra.databaseUrl, 2);
  await dataSource.destroy();

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
  process.stderr.write(`\ntest infrastructure: ${infra.describe.join('; ')}\n`);
}
