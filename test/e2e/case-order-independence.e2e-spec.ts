import fc from 'fast-check';
import { type Hub } from '../../src/app';
import { createLogger } from '../../src/common/logger';
import { type CloudEvent, encodeEnvelope } from '../../src/messaging/envelope';
import { Projector } from '../../src/projection/projector';
import { caseScenario, scenarioEvents } from '../factories/case-scenario.factory';
import { uniqueToken } from '../factories/family-court.factory';
import { ownDatabase, startTestHub } from '../utils/test-hub';

/**
 * docs/architecture.md (ordering) and the whole-domain acceptance: a case's events — every type in the catalogue, from three
 * agencies — delivered in any order, with duplicates, in any batching, split across two partitions folded
 * concurrently, reach the same projections as delivery in source order. Each run projects the scenario
 * twice under two tokens and compares every projection table (people, assertions, orders, bail, notices,
 * cases, parties, deadlines, alerts, timelines) with the token and generated ids abstracted away.
 */
describe('case projection order independence (property-based, real Kafka + PostgreSQL)', () => {
  let hub: Hub;
  // A database of its own: each run's snapshot scans its tables for the run's token (LIKE '%…%'), which
  // in the shared database means every other suite's rows too — a run took seconds once they had grown,
  // and the property's 15 runs exceeded the timeout in CI.
  let database: Awaited<ReturnType<typeof ownDatabase>>;

  beforeAll(async () => {
    database = await ownDatabase();
    hub = await startTestHub({ ROLES: 'ingest', DATABASE_URL: database.url });
  });

  afterAll(async () => {
    await hub.stop();
    await database.drop();
  });

  const eventsFor = (token: string) =>
    scenarioEvents(caseScenario({ token, policeArea: `P${token}`, identity: 'order-independence' }));

  /** Feeds each partition's events as consecutive batches; the partitions run concurrently. */
  async function project(partitions: readonly (readonly CloudEvent[])[], batchSize: number): Promise<void> {
    const topic = `prop.${uniqueToken()}`;
    const projector = new Projector(
      hub.dataSource,
      hub.eventLog,
      hub.topics,
      `prop-${uniqueToken()}`,
      createLogger('silent'),
    );
    await Promise.all(
      partitions.map(async (events, partition) => {
        const messages = events.map((event, offset) => ({
          topic,
          partition,
          offset: String(offset),
          key: event.subject,
          value: encodeEnvelope(event),
        }));
        for (let start = 0; start < messages.length; start += batchSize) {
          await projector.handleBatch({
            topic,
            partition,
            messages: messages.slice(start, start + batchSize),
            highWatermark: String(messages.length),
          });
        }
      }),
    );
  }

  async function snapshot(token: string): Promise<string> {
    const like = `%${token}%`;
    const events = `SELECT event_id FROM event_store WHERE subject LIKE $1`;
    const queries: Record<string, string> = {
      person: `SELECT to_jsonb(t) - 'created_at' AS row FROM person t WHERE family_name LIKE $1`,
      person_assertion: `SELECT to_jsonb(t) AS row FROM person_assertion t WHERE event_id IN (${events})`,
      protective_order: `SELECT to_jsonb(t) - 'updated_at' AS row FROM protective_order t WHERE order_ref LIKE $1`,
      bail: `SELECT to_jsonb(t) - 'updated_at' AS row FROM bail t WHERE bail_ref LIKE $1`,
      notice: `SELECT to_jsonb(t) - 'updated_at' AS row FROM notice t WHERE notice_ref LIKE $1`,
      case_record: `SELECT to_jsonb(t) - 'updated_at' AS row FROM case_record t WHERE case_urn LIKE $1`,
      case_party: `SELECT to_jsonb(t) AS row FROM case_party t
                   WHERE case_id IN (SELECT case_id FROM case_record WHERE case_urn LIKE $1)`,
      deadline: `SELECT to_jsonb(t) AS row FROM deadline t WHERE subject_ref LIKE $1`,
      alert: `SELECT to_jsonb(t) AS row FROM alert t WHERE subject_ref LIKE $1`,
      timeline_entry: `SELECT to_jsonb(t) AS row FROM timeline_entry t WHERE event_id IN (${events})`,
      event_stream: `SELECT to_jsonb(t) AS row FROM event_stream t WHERE event_id IN (${events})`,
    };
    const result: Record<string, string[]> = {};
    for (const [table, sql] of Object.entries(queries)) {
      const rows = await hub.dataSource.query<{ row: unknown }[]>(sql, [like]);
      result[table] = rows
        .map((r) =>
          JSON.stringify(r.row)
            .split(token)
            .join('<T>')
            .split(token.toLowerCase())
            .join('<T>')
            .replace(/2015\/\d+X/g, '<PNC>')
            .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<id>'),
        )
        .sort();
    }
    return JSON.stringify(result, null, 1);
  }

  it('should reach the same projections for any delivery order, duplication, batching and partitioning', async () => {
    const size = eventsFor('SIZE00').length;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.nat({ max: 1000 }), { minLength: size, maxLength: size }),
        fc.array(fc.nat({ max: size - 1 }), { maxLength: 6 }),
        fc.array(fc.boolean(), { minLength: size + 6, maxLength: size + 6 }),
        fc.integer({ min: 1, max: 8 }),
        async (sortKeys, duplicates, partitionOf, batchSize) => {
          const reference = uniqueToken().slice(0, 6);
          const shuffled = uniqueToken().slice(0, 6);
          await project([eventsFor(reference)], 1000);

          const events = eventsFor(shuffled);
          const delivered = events
            .map((event, i) => ({ event, key: sortKeys[i]! * 100 + i }))
            .sort((a, b) => a.key - b.key)
            .map((o) => o.event);
          for (const index of duplicates)
            delivered.splice((index * 7) % (delivered.length + 1), 0, events[index]!);
          const partitions: CloudEvent[][] = [[], []];
          delivered.forEach((event, i) => partitions[partitionOf[i] ? 1 : 0]!.push(event));
          await project(partitions, batchSize);

          expect(await snapshot(shuffled)).toBe(await snapshot(reference));
        },
      ),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 15) },
    );
  });
});
