import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Hub } from '../../src/app';
import { uniqueToken } from '../factories/family-court.factory';
import { expectEventually, graphql, startTestHub } from '../utils/test-hub';

const POLICE = join(__dirname, '../../connectors/police-records/fixtures/police-export.csv');

describe('file drop: export files in a watched folder go through the connector runtime', () => {
  let hub: Hub;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'shieldline-drop-'));
    hub = await startTestHub({ FILE_DROP_DIR: dir });
  });

  afterAll(async () => {
    await hub.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('should ingest a dropped CSV (written as .part, then renamed), move it to done/ and write its summary', async () => {
    const token = uniqueToken().slice(0, 6);
    const lines = readFileSync(POLICE, 'utf8')
      .replaceAll('7712', token)
      .replaceAll('8801', `${token}9`)
      .split('\r\n');
    lines[3] = lines[3]!.replace('ARREST', 'ARRESTED'); // one bad row: dead-lettered, the rest carry on
    const folder = join(dir, 'police-records');
    writeFileSync(join(folder, `export-${token}.csv.part`), lines.join('\r\n'));
    // A partly written file is never picked up — asserted once a complete file dropped after it has
    // been taken and summarised (the positive control: the folder was scanned since), not after a sleep.
    const control = uniqueToken().slice(0, 6);
    writeFileSync(
      join(folder, `control-${control}.csv`),
      [lines[0], lines[1]!.replaceAll(token, control)].join('\r\n'),
    );
    await expectEventually(
      () => expect(existsSync(join(folder, 'done', `control-${control}.csv.summary.json`))).toBe(true),
      30_000,
    );
    expect(existsSync(join(folder, `export-${token}.csv.part`))).toBe(true);
    renameSync(join(folder, `export-${token}.csv.part`), join(folder, `export-${token}.csv`));

    const summaryFile = join(folder, 'done', `export-${token}.csv.summary.json`);
    const summary = await expectEventually(() => {
      expect(existsSync(summaryFile)).toBe(true);
      return JSON.parse(readFileSync(summaryFile, 'utf8')) as Record<string, unknown>;
    }, 30_000);
    expect(summary).toMatchObject({
      records: 12,
      accepted: 11,
      rejected: 1,
      rejects: [{ locator: 'line 4', reason: 'UNKNOWN_CODE' }],
    });
    expect(existsSync(join(folder, `export-${token}.csv`))).toBe(false);
    expect(existsSync(join(folder, 'done', `export-${token}.csv`))).toBe(true);

    await expectEventually(async () => {
      const result = await graphql<{ case: { incidents: unknown[] } | null }>(
        hub,
        `
          query ($urn: String!) {
            case(urn: $urn) {
              incidents {
                crimeReference
              }
            }
          }
        `,
        { urn: `13WY${token}026` },
      );
      expect(result.data?.case?.incidents).toHaveLength(1);
    }, 30_000);
  });
});
