import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { type Hub } from '../../src/app';
import { nonMolestationOrder } from '../factories/family-court.factory';
import {
  expectEventually,
  graphql,
  OFFICER,
  postRecord,
  startTableLogHub,
  testDatabaseUrl,
} from '../utils/test-hub';
import { fromSource } from '../utils/from-source';

const run = promisify(execFile);
const CLI = fromSource('src/cli/shieldline.ts');
const AUDITOR = { ...OFFICER, sub: 'dpo-1', roles: ['auditor'], purpose: 'audit' as const };

const WHO_LOOKED = `query ($pnc: String!, $first: Int = 50, $after: String) {
  searchPeople(pncId: $pnc) { person { id consultations(first: $first, after: $after) {
    edges { cursor node { actor agency area purpose operation } } pageInfo { hasNextPage endCursor } } } } }`;

type Trail = {
  searchPeople: {
    person: {
      consultations: {
        edges: { cursor: string; node: { actor: string; operation: string; area: string } }[];
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
      };
    };
  }[];
};

describe('hash-chained audit log (real Kafka + PostgreSQL)', () => {
  let hub: Hub;

  beforeAll(async () => {
    hub = await startTableLogHub();
  });

  afterAll(async () => {
    await hub.stop();
  });

  async function verify(): Promise<{
    code: number;
    out: { intact: boolean; firstBroken?: { auditId: string } };
  }> {
    const env = { PATH: process.env.PATH, DATABASE_URL: testDatabaseUrl() };
    try {
      const { stdout } = await run(process.execPath, [...CLI, 'audit', 'verify'], { env });
      return { code: 0, out: JSON.parse(stdout) as { intact: boolean } };
    } catch (err) {
      const failed = err as { code: number; stdout: string };
      return { code: failed.code, out: JSON.parse(failed.stdout) as { intact: boolean } };
    }
  }

  it("should answer who looked at a person's record for auditors only, and detect tampering", async () => {
    const order = nonMolestationOrder();
    await postRecord(hub, 'family-court-orders', JSON.stringify(order.granted));
    await expectEventually(async () => {
      const result = await graphql<{ searchPeople: unknown[] }>(
        hub,
        `
          query ($pnc: String!) {
            searchPeople(pncId: $pnc) {
              person {
                id
              }
            }
          }
        `,
        { pnc: order.respondent.pncId },
      );
      expect(result.data!.searchPeople).toHaveLength(1);
    });

    const refused = await graphql(hub, WHO_LOOKED, { pnc: order.respondent.pncId }, OFFICER);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const trail = await graphql<Trail>(hub, WHO_LOOKED, { pnc: order.respondent.pncId }, AUDITOR);
    expect(trail.errors).toBeUndefined();
    const consultations = trail.data!.searchPeople[0]!.person.consultations;
    expect(consultations.edges.map((e) => e.node)).toContainEqual(
      expect.objectContaining({ actor: 'pc-4471', area: 'WYP', operation: 'searchPeople' }),
    );
    // The trail pages newest first: the page after the first read starts with the second.
    const onePage = await graphql<Trail>(hub, WHO_LOOKED, { pnc: order.respondent.pncId, first: 1 }, AUDITOR);
    const firstRead = onePage.data!.searchPeople[0]!.person.consultations;
    expect(firstRead.pageInfo.hasNextPage).toBe(true);
    const next = await graphql<Trail>(
      hub,
      WHO_LOOKED,
      { pnc: order.respondent.pncId, first: 2, after: firstRead.pageInfo.endCursor },
      AUDITOR,
    );
    const older = next.data!.searchPeople[0]!.person.consultations.edges.map((e) => e.cursor);
    expect(older).toHaveLength(2);
    expect(older).not.toContain(firstRead.pageInfo.endCursor);

    const first = await verify();
    if (first.code !== 0) {
      const rows = await hub.dataSource.query<unknown[]>(
        `SELECT audit_id, at, actor, operation, encode(prev_hash, 'hex') AS prev, encode(hash, 'hex') AS hash FROM audit_record ORDER BY audit_id LIMIT 14`,
      );
      console.log(JSON.stringify(rows, null, 1));
    }
    expect(first).toEqual({ code: 0, out: expect.objectContaining({ intact: true }) as unknown });

    // Tamper with one record: the chain names it. Then put it back.
    const [victim] = await hub.dataSource.query<{ audit_id: string; actor: string }[]>(
      `SELECT audit_id::text, actor FROM audit_record WHERE operation = 'searchPeople' ORDER BY audit_id DESC LIMIT 1`,
    );
    await hub.dataSource.query(`UPDATE audit_record SET actor = 'nobody' WHERE audit_id = $1`, [
      victim!.audit_id,
    ]);
    try {
      const broken = await verify();
      expect(broken.code).toBe(4);
      expect(broken.out).toEqual({
        intact: false,
        checked: expect.any(Number) as unknown,
        firstBroken: { auditId: victim!.audit_id, reason: 'content does not match its hash' },
      });
    } finally {
      await hub.dataSource.query(`UPDATE audit_record SET actor = $2 WHERE audit_id = $1`, [
        victim!.audit_id,
        victim!.actor,
      ]);
    }
    expect((await verify()).code).toBe(0);
  });
});
