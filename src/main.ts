import { randomUUID } from 'node:crypto';
import { startHub } from './app';
import { errorMessage, ShieldlineError } from './common/errors';
import { createLogger } from './common/logger';
import { isEmbedded, parseConfig } from './config/config';

const EXAMPLE_QUERY = `query {
  searchPeople(familyName: "Ashworth", givenName: "Daniel", dateOfBirth: "1988-09-30") {
    matchedOn
    person { givenName familyName pncId
      protectiveOrders { reference orderType status expiresAt untilFurtherOrder court { name } conditions { paragraph text } }
    }
  }
}`;

async function main(): Promise<void> {
  const config = parseConfig(process.env, { instanceId: randomUUID().slice(0, 8) });
  const logger = createLogger(config.logLevel);
  const hub = await startHub(config, logger);
  const banner = [
    '',
    `Shieldline is running — GraphQL at ${hub.graphqlUrl} (HTTP and graphql-ws)`,
    `Roles: ${[...config.roles].join(', ')} · event log: ${hub.eventLog.kind}`,
  ];
  if (isEmbedded(config)) {
    banner.push(
      '',
      '*** EMBEDDED DEMO MODE — NOT FOR REAL DATA ***',
      'PGlite in-process database, Postgres-table event log, synthetic demo orders, no authentication.',
      'Set DATABASE_URL and KAFKA_BROKERS to run against PostgreSQL and Apache Kafka.',
    );
  }
  banner.push(
    '',
    'Try it:',
    `  curl -s ${hub.graphqlUrl} -H 'content-type: application/json' \\`,
    "    -H 'x-shieldline-actor: demo-officer' -H 'x-shieldline-agency: police' -H 'x-shieldline-purpose: enforcement' \\",
    `    -d '${JSON.stringify({ query: EXAMPLE_QUERY.replace(/\s+/g, ' ') })}'`,
    '',
  );
  process.stdout.write(`${banner.join('\n')}\n`);

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down', { signal });
    hub.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error('shutdown failed', { error: errorMessage(err) });
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((err: unknown) => {
  const code = err instanceof ShieldlineError ? err.code : 'STARTUP_FAILED';
  process.stderr.write(`Shieldline failed to start [${code}]: ${errorMessage(err)}\n`);
  process.exit(1);
});
