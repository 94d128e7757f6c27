import './promise-with-resolvers';
import { createServer } from 'node:http';
import { type AddressInfo } from 'node:net';
import { Client } from 'pg';
import { postgraphile } from 'postgraphile';
import { makePgService } from 'postgraphile/adaptors/pg';
import { grafserv } from 'postgraphile/grafserv/node';
import { PostGraphileAmberPreset } from 'postgraphile/presets/amber';

/**
 * The bench's peer: PostGraphile 5 (what a force might run instead — GraphQL generated from the schema)
 * on the same database, answering the equivalent officer query (POSTGRAPHILE_OFFICER_QUERY in
 * officer-query.ts). No token, policy or audit: its own defaults, library mode, a pool of 10 like the
 * hub's. Started as its own process by npm run bench; prints its URL.
 *
 * What PostGraphile needs from the schema, given as smart tags on the bench's database only: bail has no
 * foreign key to person (the projection may see bail before the person), and v5 filters only on indexed
 * columns unless told.
 */
const SMART_TAGS = [
  `COMMENT ON TABLE bail IS E'@foreignKey (person_id) references person (person_id)'`,
  `COMMENT ON COLUMN protective_order.granted IS E'@behavior +filterBy'`,
  `COMMENT ON COLUMN protective_order.ended IS E'@behavior +filterBy'`,
  `COMMENT ON COLUMN bail.status IS E'@behavior +filterBy'`,
];

async function main(): Promise<void> {
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
    process.stdout.write(
      `postgraphile at http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql\n`,
    );
  });
  process.on('SIGTERM', () => {
    server.close();
    void Promise.resolve(pgl.release()).then(() => process.exit(0));
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`postgraphile peer failed: ${String(err)}\n`);
  process.exit(1);
});
