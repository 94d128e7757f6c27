import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { type Hub } from '../../src/app';
import { PROJECTION_TABLES } from '../../src/projection/rebuild';
import { caseScenario } from '../factories/case-scenario.factory';
import { nonMolestationOrder, uniquePoliceArea, uniqueToken } from '../factories/family-court.factory';
import {
  expectEventually,
  graphql,
  officerOf,
  ownDatabase,
  postRecord,
  startTableLogHub,
} from '../utils/test-hub';
import { fromSource } from '../utils/from-source';

const run = promisify(execFile);
const CLI = fromSource('src/cli/shieldline.ts');

/** Columns that record when a row was written, not what it says. */
const WRITE_TIMES = ['updated_at', 'created_at'];

describe('replay equals live (real Kafka + PostgreSQL)', () => {
  let hub: Hub;
  let database: Awaited<ReturnType<typeof ownDatabase>>;

  beforeAll(async () => {
    // A database of its own: the comparison covers whole tables, which another suite's hubs (timers,
    // escalations, link scoring) would change between the two snapshots; and the rebuild truncates them.
    database = await ownDatabase();
    hub = await startTableLogHub({ DATABASE_URL: database.url });
  });

  afterAll(async () => {
    await hub.stop();
    await database.drop();
  });

  /** Every projection table, every row, as sorted JSON (write timestamps removed). */
  async function projections(): Promise<Record<string, string[]>> {
    const result: Record<string, string[]> = {};
    for (const table of PROJECTION_TABLES) {
      const rows = await hub.dataSource.query<{ row: string }[]>(
        `SELECT (to_jsonb(t) - $1::text[])::text AS row FROM ${table} t`,
        [WRITE_TIMES],
      );
      result[table] = rows.map((r) => r.row).sort();
    }
    return result;
  }

  it('should rebuild every projection from the event store to exactly the live state', async () => {
    const area = uniquePoliceArea();
    const scenarios = [caseScenario({ policeArea: area }), caseScenario({ policeArea: area })];
    const family = nonMolestationOrder({ policeForce: area });
    // One man keyed three ways by three clerks: the projector scores the variant as linked and the
    // name-only record as a candidate, whichever arrives first (the name-only one does, live).
    const token = uniqueToken();
    const keyedAs = (respondent: Record<string, string>) => {
      const order = nonMolestationOrder({ policeForce: area });
      return { ...order.granted, respondent: { forenames: 'Daniel', ...respondent } };
    };
    const sameMan = [
      keyedAs({ surname: `McReplay${token}` }),
      keyedAs({ surname: `McReplay${token}`, dateOfBirth: '1979-06-21' }),
      keyedAs({ surname: `MacReplay${token}`, dateOfBirth: '1979-06-21' }),
    ];
    const ids: string[] = [];
    // Service before the order, and both scenarios interleaved, so the live fold saw things out of order.
    const bodies: [string, unknown][] = [
      ['family-court-orders', family.served],
      ...scenarios[0]!.records.flatMap((record, i) => {
        const other = scenarios[1]!.records[scenarios[1]!.records.length - 1 - i]!;
        return [
          ['shieldline-events', record],
          ['shieldline-events', other],
        ] as [string, unknown][];
      }),
      ['family-court-orders', family.granted],
      ...sameMan.map((order) => ['family-court-orders', order] as [string, unknown]),
    ];
    for (const [connector, body] of bodies) {
      const response = await postRecord(hub, connector, JSON.stringify(body));
      expect(response.status).toBe(202);
      ids.push(...(response.body.events as { id: string }[]).map((e) => e.id));
    }
    await expectEventually(async () => {
      const [row] = await hub.dataSource.query<{ n: number }[]>(
        'SELECT count(*)::int AS n FROM event_store WHERE event_id = ANY($1::uuid[])',
        [ids],
      );
      expect(row!.n).toBe(ids.length);
    }, 60_000);
    // And a reviewer's decision on the name-only record: an event the hub makes, replayed like the rest.
    const [nameOnly, keyed] = await expectEventually(async () => {
      const people = await hub.dataSource.query<{ person_id: string; date_of_birth: string | null }[]>(
        `SELECT person_id::text, date_of_birth::text FROM person WHERE family_name = $1 ORDER BY date_of_birth NULLS FIRST`,
        [`McReplay${token}`],
      );
      expect(people).toHaveLength(2);
      return people.map((p) => p.person_id);
    }, 60_000);
    const decided = await graphql(
      hub,
      `
        mutation ($p: ID!, $o: ID!) {
          decidePersonLink(
            personId: $p
            otherPersonId: $o
            decision: SAME_PERSON
            reason: "same man, custody record"
          ) {
            id
          }
        }
      `,
      { p: keyed, o: nameOnly },
      { ...officerOf(area), sub: 'sgt-replay', roles: ['supervisor'] },
    );
    expect(decided.errors).toBeUndefined();
    // Once the link scorer has caught up (its queue empty), the live state is complete.
    await expectEventually(async () => {
      const [queued] = await hub.dataSource.query<{ n: number }[]>(
        'SELECT count(*)::int AS n FROM person_link_pending',
      );
      expect(queued!.n).toBe(0);
    }, 60_000);
    const live = await projections();
    // The shared test database also holds other suites' decisions: this one is the reviewer's.
    expect(live.person_link_decision!.filter((row) => row.includes('"sgt-replay"'))).toHaveLength(1);
    expect(live.case_record!.length).toBeGreaterThanOrEqual(2);
    expect(live.deadline!.length).toBeGreaterThan(0);
    const verdicts = live.person_link_candidate!.map(
      (row) => (JSON.parse(row) as { verdict: string }).verdict,
    );
    expect(verdicts).toEqual(expect.arrayContaining(['LINKED', 'CANDIDATE']));

    const { stdout } = await run(process.execPath, [...CLI, 'projections', 'rebuild'], {
      env: { ...process.env, DATABASE_URL: database.url },
    });
    const summary = JSON.parse(stdout) as { rebuilt: boolean; events: number };
    expect(summary).toEqual(expect.objectContaining({ rebuilt: true }));
    expect(summary.events).toBeGreaterThanOrEqual(ids.length);

    const rebuilt = await projections();
    for (const table of PROJECTION_TABLES)
      expect({ table, rows: rebuilt[table] }).toEqual({ table, rows: live[table] });
  });
});
