import { randomUUID } from 'node:crypto';
import { startHub } from './app';
import { errorMessage, ShieldlineError } from './common/errors';
import { createLogger } from './common/logger';
import { isEmbedded, parseConfig } from './config/config';
import { mintToken } from './security/identity';

const EXAMPLE_QUERY = `query {
  searchPeople(familyName: "Ashworth", givenName: "Daniel", dateOfBirth: "1988-09-30") {
    matchedOn
    person { givenName familyName pncId
      protectiveOrders { reference orderType status expiresAt untilFurtherOrder court { name } conditions { paragraph text } }
    }
  }
}`;

const HELP = `usage: npm start   (or: node dist/src/main.js)

Runs the hub. With no configuration it runs on its embedded default: an in-process PGlite database, a
Postgres-table event log and synthetic demo data (demo only). Configured by environment variables, e.g.
DATABASE_URL, KAFKA_BROKERS, ROLES, PORT, JWT_JWKS_URL / JWT_PUBLIC_KEY / JWT_SECRET; the README's
Configuration section lists them all. The command-line tools are \`npm run shieldline -- --help\`.`;

async function main(): Promise<void> {
  if (process.argv.slice(2).some((a) => a === '--help' || a === '-h')) {
    process.stdout.write(`${HELP}\n`);
    return;
  }
  const config = parseConfig(process.env, { instanceId: randomUUID().slice(0, 8) });
  const logger = createLogger(config.logLevel);
  const hub = await startHub(config, logger);
  const banner = [
    '',
    `Shieldline is running — GraphQL at ${hub.graphqlUrl} (HTTP and graphql-ws)`,
    ...(config.roles.has('gateway') ? [`Console at ${hub.url}/ (officer search, control-room board)`] : []),
    `Roles: ${[...config.roles].join(', ')} · event log: ${hub.eventLog.kind}`,
  ];
  if (isEmbedded(config)) {
    banner.push(
      '',
      '*** EMBEDDED DEMO MODE — NOT FOR REAL DATA ***',
      'PGlite in-process database, Postgres-table event log, synthetic demo orders,',
      'and a development signing key generated at start: its tokens are worthless outside this process.',
      'Set DATABASE_URL, KAFKA_BROKERS and JWT_JWKS_URL (or JWT_PUBLIC_KEY) for a real deployment.',
    );
  }
  if (hub.devAuth) {
    // One demo identity that can read, publish and operate: convenient, and only possible in the demo.
    const token = await mintToken(hub.devAuth, {
      sub: 'demo-officer',
      agency: 'police',
      area: 'WYP',
      roles: ['officer', 'publisher', 'operator'],
      purpose: 'enforcement',
      // Declared per request with X-Shieldline-Purpose (the ingest door assumes publication).
      purposes: ['safeguarding', 'publication', 'operations'],
    });
    banner.push(
      '',
      'Demo token (12 h, this process only):',
      `  export SHIELDLINE_TOKEN=${token}`,
      '',
      'Try it:',
      `  curl -s ${hub.graphqlUrl} -H 'content-type: application/json' \\`,
      `    -H "authorization: Bearer $SHIELDLINE_TOKEN" \\`,
      `    -d '${JSON.stringify({ query: EXAMPLE_QUERY.replace(/\s+/g, ' ') })}'`,
    );
  }
  banner.push('');
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
