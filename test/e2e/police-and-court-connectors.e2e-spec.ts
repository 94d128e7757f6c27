import { Client } from 'pg';
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type Hub } from '../../src/app';
import { uniqueToken } from '../factories/family-court.factory';
import {
  bearer,
  COURT_PUBLISHER,
  expectEventually,
  graphql,
  graphqlFor,
  officerOf,
  postRecord,
  startTestHub,
  testDatabaseUrl,
} from '../utils/test-hub';
import { fromSource } from '../utils/from-source';

const run = promisify(execFile);
const CLI = fromSource('src/cli/shieldline.ts');
const GENERATE = fromSource('src/demo/generate-demo-files.ts');
const POLICE = join(__dirname, '../../connectors/police-records/fixtures/police-export.csv');
const COURT = join(__dirname, '../../connectors/criminal-court-results/fixtures');
const BREACHES = join(__dirname, '../../connectors/police-records/fixtures/breaches.csv');

/** The fixtures with this test's own case, bail, notice and order references (the database is shared). */
function policeExport(token: string): string {
  return readFileSync(POLICE, 'utf8').replaceAll('7712', token).replaceAll('8801', `${token}9`);
}
function courtResults(name: string, token: string): string {
  return readFileSync(join(COURT, name), 'utf8')
    .replaceAll('7712', token)
    .replaceAll('LMC/1234/26', `LMC/${token}/26`)
    .replaceAll('LMC-2026', `LMC-${token}`);
}

interface CaseView {
  incidents: { crimeReference: string }[];
  hearings: { reference: string; outcome: string | null; results: string[] }[];
  sentences: { sentence: string }[];
  custody: { kind: string }[];
  timeline: { edges: { node: { agency: string; eventType: string; source: string } }[] };
}

const CASE_QUERY = `
  query ($urn: String!) {
    case(urn: $urn) {
      incidents { crimeReference }
      hearings { reference outcome results }
      sentences { sentence }
      custody { kind }
      timeline(first: 50) { edges { node { agency eventType source } } }
    }
  }
`;

describe('police CSV and criminal court XML connectors: fixtures through Kafka to the case timeline', () => {
  let hub: Hub;

  beforeAll(async () => {
    hub = await startTestHub();
  });

  afterAll(async () => {
    await hub.stop();
  });

  it('should project a police export and the court results of the same case onto one timeline', async () => {
    const token = uniqueToken().slice(0, 6);
    const urn = `13WY${token}026`;
    const upload = await postRecord(hub, 'police-records', policeExport(token), 'text/csv');
    expect(upload.status).toBe(200);
    expect(upload.body.summary).toEqual({ records: 12, accepted: 12, duplicates: 0, rejected: 0 });

    for (const name of ['adjourned-on-bail.xml', 'conviction-restraining-order.xml']) {
      const response = await postRecord(
        hub,
        'criminal-court-results',
        courtResults(name, token),
        'application/xml',
      );
      expect(response.status).toBe(202);
    }

    const seen = await expectEventually(async () => {
      const result = await graphql<{ case: CaseView | null }>(hub, CASE_QUERY, { urn });
      // 9 police rows of this case (+ its bail and notice) and 7 court events.
      expect(result.data?.case?.timeline.edges.length).toBeGreaterThanOrEqual(16);
      expect(result.data?.case?.sentences).toHaveLength(1);
      // Orders, bail and notices join the case timeline when their own stream is folded (another
      // partition), so wait for every kind.
      const types = new Set(result.data!.case!.timeline.edges.map((e) => e.node.eventType));
      for (const type of [
        'uk.shieldline.police.incident.reported.v1',
        'uk.shieldline.police.bail.granted.v1',
        'uk.shieldline.police.dvpn.issued.v1',
        'uk.shieldline.police.referral.sent.v1',
        'uk.shieldline.court.bail.granted.v1',
        'uk.shieldline.court.order.granted.v1',
        'uk.shieldline.court.sentence.passed.v1',
      ]) {
        expect(types).toContain(type);
      }
      return result.data!.case!;
    }, 30_000);
    expect(seen.incidents).toEqual([{ crimeReference: `13/4471/26` }]);
    expect(seen.hearings).toContainEqual({
      reference: 'LMC-H-20260302-02',
      outcome: 'CONVICTED',
      results: expect.arrayContaining(['3047: Restraining order until 2028-03-02']) as string[],
    });
    expect(seen.custody.map((c) => c.kind)).toContain('ARRESTED');
    const sources = new Set(seen.timeline.edges.map((e) => e.node.source));
    expect(sources).toEqual(
      new Set(['urn:shieldline:connector:police-records', 'urn:shieldline:connector:criminal-court-results']),
    );
    const order = await graphql<{
      protectiveOrder: {
        orderType: string;
        status: string;
        statusReason: string;
        enforceableFrom: string | null;
        respondentPresent: boolean | null;
      } | null;
    }>(
      hub,
      `
        query ($ref: String!) {
          protectiveOrder(reference: $ref) {
            orderType
            status
            statusReason
            enforceableFrom
            respondentPresent
          }
        }
      `,
      { ref: `LMC/${token}/26/RO1` },
    );
    // Made at the hearing with the defendant in court: in force from then, no statement of service.
    expect(order.data?.protectiveOrder).toEqual({
      orderType: 'RESTRAINING_ON_CONVICTION',
      status: 'IN_FORCE',
      statusReason: 'in force: made with the respondent present in court',
      enforceableFrom: '2026-03-02T10:00:00.000Z',
      respondentPresent: true,
    });

    // The same export again, once all of it is projected: every record is recognised, nothing is
    // published twice.
    const firstIds = (upload.body.records as { events: { id: string }[] }[]).flatMap((r) =>
      r.events.map((e) => e.id),
    );
    await expectEventually(async () => {
      const rows: { n: string }[] = await hub.dataSource.query(
        'SELECT count(*) AS n FROM event_store WHERE event_id = ANY($1::uuid[])',
        [firstIds],
      );
      expect(Number(rows[0]!.n)).toBe(12);
    }, 30_000);
    const again = await postRecord(hub, 'police-records', policeExport(token), 'text/csv');
    expect(again.body.summary).toEqual({ records: 12, accepted: 0, duplicates: 12, rejected: 0 });

    // The same record version with different content is refused, never silently ignored; a new version
    // of it is accepted.
    const [header, , , arrest] = policeExport(token).split('\r\n');
    const changed = arrest!.replace('Dale', 'Dean');
    const conflict = await postRecord(hub, 'police-records', `${header}\r\n${changed}\r\n`, 'text/csv');
    expect(conflict.body.summary).toEqual({ records: 1, accepted: 0, duplicates: 0, rejected: 1 });
    expect(conflict.body.records).toEqual([
      expect.objectContaining({
        status: 'REJECTED',
        reason: 'VERSION_CONFLICT',
        deadLetterId: expect.any(String) as string,
      }),
    ]);
    const corrected = changed.replace(',1,2026-01-05T02:15:00Z', ',2,2026-01-05T02:15:00Z');
    const fixed = await postRecord(hub, 'police-records', `${header}\r\n${corrected}\r\n`, 'text/csv');
    expect(fixed.body.summary).toEqual({ records: 1, accepted: 1, duplicates: 0, rejected: 0 });

    // Within one file too: the second, different copy of a record version is the one refused.
    const twice = await postRecord(
      hub,
      'police-records',
      `${header}\r\n${corrected.replace(',2,', ',3,')}\r\n${corrected.replace(',2,', ',3,').replace('Dean', 'Dan')}\r\n`,
      'text/csv',
    );
    expect(twice.body.summary).toEqual({ records: 2, accepted: 1, duplicates: 0, rejected: 1 });
  });

  it('should carry a DAPN from the police export and the DAPO made, varied and discharged from court results', async () => {
    const token = uniqueToken().slice(0, 6);
    const pnc = `2019/${token}Y`;
    const swap = (text: string) =>
      text
        .replaceAll('2019/0123456X', pnc)
        .replaceAll('8801', `${token}8`)
        .replaceAll('LMC/0388/26', `LMC/${token}/26`)
        .replaceAll('LMC-2026', `LMC-${token}`)
        // Every record this test's own: the same content under another message id is a re-send.
        .replaceAll('13WY7712026', `13WY${token}7`)
        .replaceAll('LMC-H-2026', `LMC-H-${token}`);
    const police = swap(
      readFileSync(join(__dirname, '../../connectors/police-records/fixtures/dapn.csv'), 'utf8'),
    );
    expect((await postRecord(hub, 'police-records', police, 'text/csv')).body.summary).toMatchObject({
      accepted: 2,
      rejected: 0,
    });
    for (const name of ['dapo-made.xml', 'dapo-varied.xml', 'dapo-discharged.xml', 'dvpo-made.xml']) {
      const xml = swap(readFileSync(join(COURT, name), 'utf8')).replaceAll('LMC/0021/26', `LMC/${token}/21`);
      expect((await postRecord(hub, 'criminal-court-results', xml, 'application/xml')).status).toBe(202);
    }
    const officer = graphqlFor(officerOf('WYP'));
    type Order = {
      orderType: string;
      status: string;
      expiresAt: string | null;
      exclusionZones: { postcode: string | null; radiusMetres: number | null }[];
      versions: { eventType: string }[];
    };
    const order = async (ref: string) =>
      (
        await officer<{ protectiveOrder: Order | null }>(
          hub,
          `query ($ref: String!) { protectiveOrder(reference: $ref) {
             orderType status expiresAt exclusionZones { postcode radiusMetres } versions { eventType } } }`,
          { ref },
        )
      ).data?.protectiveOrder ?? null;
    await expectEventually(async () => {
      const dapo = await order(`LMC/${token}/26/DAPO1`);
      expect(dapo).toMatchObject({
        orderType: 'DAPO',
        status: 'DISCHARGED',
        expiresAt: '2027-06-05T23:59:59.000Z',
      });
      expect(dapo!.versions.map((v) => v.eventType.split('.').at(-2))).toEqual([
        'granted',
        'varied',
        'extended',
        'discharged',
      ]);
      // The variation's coded term replaced the zone: 200 metres, with its postcode.
      expect(dapo!.exclusionZones).toEqual([{ postcode: 'LS6 2QT', radiusMetres: 200 }]);
      const dvpo = await order(`LMC/${token}/21/DVPO1`);
      expect(dvpo).toMatchObject({
        orderType: 'DVPO',
        exclusionZones: [{ postcode: 'LS6 2QT', radiusMetres: 100 }],
      });
    }, 30_000);
    const notices = await officer<{
      searchPeople: { person: { notices: { reference: string; noticeType: string }[] } }[];
    }>(
      hub,
      'query ($pnc: String!) { searchPeople(pncId: $pnc) { person { notices { reference noticeType } } } }',
      {
        pnc,
      },
    );
    expect(notices.data!.searchPeople[0]!.person.notices).toEqual([
      { reference: `WYP/DAPN/${token}8`, noticeType: 'DAPN' },
    ]);
    const [clock] = await hub.dataSource.query<
      { rule_id: string; verified: boolean; met_by: string | null }[]
    >(`SELECT rule_id, verified, met_by::text FROM deadline WHERE stream_key = $1`, [
      `notice:WYP/DAPN/${token}8`,
    ]);
    expect(clock).toMatchObject({ rule_id: 'DAPN_48_HOURS_TO_DAPO_HEARING', verified: true });
    expect(clock!.met_by).not.toBeNull();
  });

  it('should keep police breaches as records with their outcomes, and alert on the repeat', async () => {
    const token = uniqueToken().slice(0, 6);
    const pnc = `2019/${token}X`;
    const csv = readFileSync(BREACHES, 'utf8')
      .replaceAll('2019/0123456X', pnc)
      .replaceAll('8801', `${token}1`)
      .replaceAll('8802', `${token}2`);
    const upload = await postRecord(hub, 'police-records', csv, 'text/csv');
    expect(upload.body.summary).toEqual({ records: 5, accepted: 5, duplicates: 0, rejected: 0 });
    const officer = graphqlFor(officerOf('WYP'));
    type Breach = { reference: string; outcome: string | null; outcomes: { outcome: string }[] };
    const breaches = async () =>
      (
        await officer<{ searchPeople: { person: { breaches: Breach[] } }[] }>(
          hub,
          `query ($pnc: String!) { searchPeople(pncId: $pnc) { person {
             breaches { reference victimId occurredAt reportedBy outcome enforced outcomes { outcome reason } } } } }`,
          { pnc },
        )
      ).data?.searchPeople[0]?.person.breaches ?? [];
    await expectEventually(async () => expect(await breaches()).toHaveLength(2), 30_000);
    await expectEventually(async () => {
      const [first, second] = await breaches();
      expect(first).toEqual(
        expect.objectContaining({
          reference: `WYP/BR/${token}1`,
          occurredAt: '2026-02-20T19:30:00.000Z',
          reportedBy: 'VICTIM',
          outcome: 'CHARGED',
          enforced: true,
          outcomes: [
            { outcome: 'ARRESTED', reason: null },
            { outcome: 'CHARGED', reason: 'Breach of a non-molestation order (FLA 1996 s.42A)' },
          ],
        }),
      );
      expect(second).toEqual(
        expect.objectContaining({
          reference: `WYP/BR/${token}2`,
          victimId: null,
          occurredAt: null,
          reportedBy: null,
          outcome: 'NO_FURTHER_ACTION',
          enforced: false,
        }),
      );
    }, 30_000);
    const alerts = await officer<{ alerts: { edges: { node: { kind: string; subjectRef: string } }[] } }>(
      hub,
      'query { alerts(policeArea: "WYP", first: 500) { edges { node { kind subjectRef } } } }',
    );
    expect(alerts.data!.alerts.edges.map((e) => e.node)).toContainEqual({
      kind: 'REPEAT_BREACH',
      subjectRef: `WYP/BR/${token}2`,
    });
  });

  it('should answer a file upload per record: bad rows dead-lettered with their line, good rows published', async () => {
    const token = uniqueToken().slice(0, 6);
    const lines = policeExport(token).split('\r\n');
    lines[2] = lines[2]!.replace('RISK_ASSESSMENT', 'RISK_ASESSMENT');
    lines[4] = lines[4]!.replace('2026-01-05,INSPECTOR', '2026-02-30,INSPECTOR');
    const upload = await postRecord(hub, 'police-records', lines.join('\r\n'), 'text/csv');
    expect(upload.body.summary).toEqual({ records: 12, accepted: 10, duplicates: 0, rejected: 2 });
    const records = upload.body.records as { locator: string; status: string; reason?: string }[];
    expect(records.filter((r) => r.status === 'REJECTED')).toEqual([
      expect.objectContaining({ locator: 'line 3', reason: 'UNKNOWN_CODE' }),
      expect.objectContaining({ locator: 'line 5', reason: 'IMPOSSIBLE_DATE' }),
    ]);
  });

  it('should check every file the demo generator writes, in each connector’s format, without a problem', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'shieldline-demo-files-'));
    try {
      const generated = await run('node', [...GENERATE, '--out', dir, '--days', '1', '--seed', '11']);
      expect(JSON.parse(generated.stdout)).toMatchObject({ days: 1, seed: 11 });
      const files: [string, string][] = [
        ['police-export.csv', 'police-records'],
        ['family-court.ndjson', 'family-court-orders'],
        ['cps.ndjson', 'cps-case-management'],
        ...readdirSync(join(dir, 'court-results')).map((name): [string, string] => [
          join('court-results', name),
          'criminal-court-results',
        ]),
      ];
      for (const [name, connector] of files.slice(0, 3)) {
        const check = await run('node', [...CLI, 'check', join(dir, name), '--connector', connector]);
        expect(check.stdout).toMatch(/ 0 rejected\n$/);
      }
      // A directory: every file the connector reads, then a total.
      const xmlFiles = files.length - 3;
      const directory = await run('node', [
        ...CLI,
        'check',
        join(dir, 'court-results'),
        '--connector',
        'criminal-court-results',
      ]);
      expect(directory.stdout).toContain(`${xmlFiles} files, 0 with rejected records`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('should check and ingest a file from the CLI, resuming from its checkpoint on a second run', async () => {
    const token = uniqueToken().slice(0, 6);
    const dir = mkdtempSync(join(tmpdir(), 'shieldline-cli-'));
    try {
      const file = join(dir, 'export.csv');
      writeFileSync(file, policeExport(token));
      const env = {
        ...process.env,
        SHIELDLINE_URL: hub.url,
        SHIELDLINE_TOKEN: (await bearer(COURT_PUBLISHER)).replace(/^Bearer /, ''),
        SHIELDLINE_STATE_DIR: dir,
      };
      const check = await run('node', [...CLI, 'check', file, '--connector', 'police-records'], { env });
      expect(check.stdout).toContain('12 records, 12 valid (12 events), 0 rejected');

      const first = await run(
        'node',
        [...CLI, 'ingest', file, '--connector', 'police-records', '--batch-size', '5'],
        {
          env,
        },
      );
      expect(first.stdout).toContain('12 records — accepted 12, duplicates 0, rejected 0');
      expect(first.stderr).toContain('progress 12/12 records (100%)');

      const second = await run('node', [...CLI, 'ingest', file, '--connector', 'police-records'], { env });
      expect(second.stdout).toContain(
        'accepted 0, duplicates 0, rejected 0, already sent in an earlier run 12',
      );

      // A new hub (its own database) at another URL — or at the same one after a restart — has none of
      // it: the checkpoints are kept per hub, so everything is sent again.
      const database = `shieldline_cli_${token.toLowerCase()}`;
      const admin = new Client({ connectionString: testDatabaseUrl() });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${database}`);
      const url = new URL(testDatabaseUrl());
      url.pathname = `/${database}`;
      const fresh = await startTestHub({ DATABASE_URL: url.toString() });
      try {
        const third = await run('node', [...CLI, 'ingest', file, '--connector', 'police-records'], {
          env: { ...env, SHIELDLINE_URL: fresh.url },
        });
        expect(third.stdout).toContain('12 records — accepted 12, duplicates 0, rejected 0');
      } finally {
        await fresh.stop();
        await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
        await admin.end();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
