// @ts-check
/**
 * The bench's peer: PostGraphile 5 (what a force might run instead — GraphQL generated from the schema)
 * on the same database, answering the equivalent officer query (POSTGRAPHILE_OFFICER_QUERY in
 * bench/officer-query.ts). No token, policy or audit: its own defaults, library mode, a pool of 10 like
 * the hub's. Started as its own process by npm run bench (bench/postgraphile-peer.ts), which installs
 * this folder first; prints its URL.
 *
 * Plain JavaScript with its own package.json: PostGraphile 5 declares Node >= 22, so it stays out of the
 * project's install (which would warn on Node 20), and Node 20 gets the one function it lacks.
 *
 * What PostGraphile needs from the schema, given as smart tags on the bench's database only: bail has no
 * foreign key to person (the projection may see bail before the person), and v5 filters only on indexed
 * columns unless told.
 */
'use strict';

if (typeof Promise.withResolvers !== 'function') {
  Promise.withResolvers = function withResolvers() {
    let resolve;
    let reject;
    const promise = new Promise((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise, resolve, reject };
  };
}

const { createServer } = require('node:http');
const { Client } = require('pg');
const { postgraphile } = require('postgraphile');
const { makePgService } = require('postgraphile/adaptors/pg');
const { grafserv } = require('postgraphile/grafserv/node');
const { PostGraphileAmberPreset } = require('postgraphile/presets/amber');

const SMART_TAGS = [
  `COMMENT ON TABLE bail IS E'@foreignKey (person_id) references person (person_id)'`,
  `COMMENT ON COLUMN protective_order.granted IS E'@behavior +filterBy'`,
  `COMMENT ON COLUMN protective_order.ended IS E'@behavior +filterBy'`,
  `COMMENT ON COLUMN bail.status IS E'@behavior +filterBy'`,
];

async function main() {
  const connectionString = process.env.DATABASE_URL;
  if (!connectionString) throw new Error('DATABASE_URL is not set');
  const client = new Client({ connectionString });
  await client.connect();
  try {
    for (const statement of SMART_TAGS) await client.query(statement);
  } finally {
    await client.end();
  }
  const pgl = postgraphile({
    extends: [PostGraphileAmberPreset],
    pgServices: [makePgService({ connectionString, schemas: ['public'], poolConfig: { max: 10 } })],
    grafserv: { graphqlPath: '/graphql', watch: false },
  });
  const serv = pgl.createServ(grafserv);
  const server = createServer();
  await serv.addTo(server);
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    process.stdout.write(`postgraphile at http://127.0.0.1:${port}/graphql\n`);
  });
  process.on('SIGTERM', () => {
    server.close();
    void Promise.resolve(pgl.release()).then(() => process.exit(0));
  });
}

main().catch((err) => {
  process.stderr.write(`postgraphile peer failed: ${String(err)}\n`);
  process.exit(1);
});
