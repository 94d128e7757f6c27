import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { type Hub } from '../../src/app';
import { type ShieldlineClaims } from '../../src/security/identity';
import { nonMolestationOrder, type OrderFixture } from '../factories/family-court.factory';
import {
  bearer,
  COURT_PUBLISHER,
  expectEventually,
  graphql,
  OFFICER,
  postRecord,
  startTestHub,
} from '../utils/test-hub';
import { fromSource } from '../utils/from-source';

const run = promisify(execFile);
const CLI = fromSource('src/cli/shieldline.ts');
const OPERATOR: ShieldlineClaims = {
  sub: 'ops-duty',
  agency: 'other',
  area: null,
  roles: ['operator'],
  purpose: 'operations',
};

interface RunBody {
  id?: string;
  runId?: string;
  manifestRecords: number;
  matched: number;
  missing: number;
  changed: number;
  differences: {
    kind: string;
    sourceRecordId: string;
    sourceVersion: string | null;
    hubVersion: string | null;
  }[];
}

/** Today in England and Wales, as a source names its day. */
const londonToday = () =>
  new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/London',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date());

const messageId = (o: OrderFixture) => o.granted.messageId as string;

async function postManifest(hub: Hub, body: unknown, as: ShieldlineClaims = COURT_PUBLISHER) {
  const response = await fetch(`${hub.url}/reconciliation/family-court-orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: await bearer(as) },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/**
 * A source posts what it sent today; the hub says, record by record, what it lacks, what it holds at
 * another version and what it holds that the source did not list — and keeps the result for operators.
 */
describe('reconciliation of a source’s daily manifest (real Kafka + PostgreSQL)', () => {
  let hub: Hub;

  beforeAll(async () => {
    hub = await startTestHub();
  });

  afterAll(async () => {
    await hub.stop();
  });

  it('should find missing, changed and extra records, keep the run for operators only, and compare again later', async () => {
    const [held, revised, unlisted, late] = [1, 2, 3, 4].map(() => nonMolestationOrder());
    for (const order of [held!, revised!, unlisted!])
      expect((await postRecord(hub, 'family-court-orders', JSON.stringify(order.granted))).status).toBe(202);
    await expectEventually(async () => {
      const rows = await hub.dataSource.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM event_store WHERE source_record_id = ANY($1)`,
        [[held!, revised!, unlisted!].map(messageId)],
      );
      expect(rows[0]!.n).toBe(3);
    });

    const day = londonToday();
    const manifest = {
      day,
      records: [
        { id: messageId(held!), version: 1, type: 'ORDER_MADE' },
        // The court's system says it sent version 2; the hub only ever received version 1.
        { id: messageId(revised!), version: 2, type: 'ORDER_MADE' },
        // Sent by the court, never received.
        { id: messageId(late!), version: 1, type: 'ORDER_MADE' },
      ],
      counts: { ORDER_MADE: 3 },
    };
    expect((await postManifest(hub, manifest, OFFICER)).status).toBe(403);
    const submitted = await postManifest(hub, manifest);
    expect(submitted.status).toBe(200);
    const first = submitted.body as unknown as RunBody;
    expect(first).toMatchObject({ manifestRecords: 3, matched: 1, missing: 1, changed: 1 });
    const mine = (r: RunBody, kind: string) => r.differences.filter((d) => d.kind === kind);
    expect(mine(first, 'MISSING')).toEqual([
      { kind: 'MISSING', sourceRecordId: messageId(late!), sourceVersion: '1', hubVersion: null },
    ]);
    expect(mine(first, 'CHANGED')).toEqual([
      { kind: 'CHANGED', sourceRecordId: messageId(revised!), sourceVersion: '2', hubVersion: '1' },
    ]);
    // Received today from this court but not listed (other records of the day may be listed too).
    expect(mine(first, 'EXTRA').map((d) => d.sourceRecordId)).toContain(messageId(unlisted!));

    // Invalid manifests are refused with every problem.
    const bad = await postManifest(hub, { day: '2026-02-30', records: [{ version: 1 }] });
    expect(bad.status).toBe(400);
    expect((bad.body.error as { problems: string[] }).problems).toHaveLength(2);

    // Results: operators (operations purpose) read them; an officer does not.
    const query = `query ($from: LocalDate!, $to: LocalDate!) {
      reconciliations(from: $from, to: $to, connector: "family-court-orders") {
        id day manifestRecords matched missing changed differences { kind sourceRecordId }
      }
    }`;
    const asOperator = await graphql<{ reconciliations: RunBody[] }>(
      hub,
      query,
      { from: day, to: day },
      OPERATOR,
    );
    expect(asOperator.errors).toBeUndefined();
    expect(asOperator.data!.reconciliations.map((r) => r.id)).toContain(first.runId);
    const asOfficer = await graphql(hub, query, { from: day, to: day }, OFFICER);
    expect(asOfficer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    // Each difference is an operator alert: counted for Prometheus.
    const metrics = await (await fetch(`${hub.url}/metrics`)).text();
    expect(metrics).toMatch(
      /shieldline_reconciliation_differences_total\{connector="family-court-orders",kind="MISSING"\} [1-9]/,
    );

    // The late record arrives; compared again from the command line, it is no longer missing.
    expect((await postRecord(hub, 'family-court-orders', JSON.stringify(late!.granted))).status).toBe(202);
    await expectEventually(async () => {
      const rows = await hub.dataSource.query<unknown[]>(
        `SELECT 1 FROM event_store WHERE source_record_id = $1`,
        [messageId(late!)],
      );
      expect(rows).toHaveLength(1);
    });
    const again = await run(
      process.execPath,
      [...CLI, 'reconcile', '--connector', 'family-court-orders', '--from', day, '--operator', 'ops-duty'],
      {
        env: { ...process.env, DATABASE_URL: hub.databaseUrl },
      },
    ).then(
      (r) => ({ code: 0, stdout: r.stdout }),
      (err: { code: number; stdout: string }) => ({ code: err.code, stdout: err.stdout }),
    );
    // Still exit 5: the changed record remains (and other records of the day are unlisted).
    expect(again.code).toBe(5);
    const rerun = JSON.parse(again.stdout.trim().split('\n')[0]!) as RunBody;
    expect(rerun).toMatchObject({ manifestRecords: 3, matched: 2, missing: 0, changed: 1 });
  });
});
