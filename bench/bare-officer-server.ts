import { createServer } from 'node:http';
import { type AddressInfo } from 'node:net';
import { buildSchema, graphql } from 'graphql';
import { Pool } from 'pg';

/**
 * The bench's baseline: the same officer query answered by bare graphql-js and pg — no framework, no
 * token, no access policy, no audit, no DataLoader — against the same database. Started as its own
 * process by npm run bench; prints its URL.
 */
const schema = buildSchema(`
  type Condition { text: String }
  type Order { reference: String, orderType: String, expiresAt: String, conditions: [Condition] }
  type Bail { reference: String, returnOn: String }
  type Person { id: ID, givenName: String, familyName: String, protectiveOrders: [Order], bail: [Bail] }
  type Match { person: Person }
  type Query { searchPeople(pncId: String!): [Match] }
`);

const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 10 });

interface PersonRow {
  person_id: string;
  given_name: string;
  family_name: string;
}

const root = {
  async searchPeople({ pncId }: { pncId: string }) {
    const { rows } = await pool.query<PersonRow>(
      'SELECT person_id, given_name, family_name FROM person WHERE pnc_id = $1',
      [pncId],
    );
    return rows.map((p) => ({
      person: {
        id: p.person_id,
        givenName: p.given_name,
        familyName: p.family_name,
        protectiveOrders: async () =>
          (
            await pool.query<{
              order_ref: string;
              order_type: string;
              expires_at: Date | null;
              conditions: { text: string }[];
            }>(
              `SELECT order_ref, order_type, expires_at, conditions FROM protective_order
               WHERE respondent_id = $1 AND granted AND ended IS NULL`,
              [p.person_id],
            )
          ).rows.map((o) => ({
            reference: o.order_ref,
            orderType: o.order_type,
            expiresAt: o.expires_at?.toISOString() ?? null,
            conditions: o.conditions,
          })),
        bail: async () =>
          (
            await pool.query<{ bail_ref: string; return_on: string | null }>(
              `SELECT bail_ref, to_char(return_on, 'YYYY-MM-DD') AS return_on FROM bail
               WHERE person_id = $1 AND status = 'ACTIVE'`,
              [p.person_id],
            )
          ).rows.map((b) => ({ reference: b.bail_ref, returnOn: b.return_on })),
      },
    }));
  },
};

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
      query: string;
      variables?: Record<string, unknown>;
    };
    void graphql({ schema, source: body.query, rootValue: root, variableValues: body.variables }).then(
      (result) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(result));
      },
    );
  });
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`bare server at http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql\n`);
});
process.on('SIGTERM', () => {
  server.close();
  void pool.end().then(() => process.exit(0));
});
