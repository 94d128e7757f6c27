import { AccessStep } from '../../src/security/access-step';
import { cliOperator } from '../../src/cli/cli-operator';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { findConnector } from '../../connectors';
import { type ConnectorDefinition } from '../../connectors/contract/connector';
import { familyCourtConnector } from '../../connectors/family-court-orders/family-court.connector';
import { type Hub } from '../../src/app';
import { DeadLetterService } from '../../src/ingest/dead-letter.service';
import { DeadLetterRepository } from '../../src/persistence/repositories/dead-letter.repository';
import { nonMolestationOrder } from '../factories/family-court.factory';
import { expectEventually, postRecord, startTableLogHub, testDatabaseUrl } from '../utils/test-hub';
import { fromSource } from '../utils/from-source';

const run = promisify(execFile);
const CLI = fromSource('src/cli/shieldline.ts');

/** The connector as it would be after a fix: it now knows form "FL404N" as a non-molestation order. */
const fixedConnector: ConnectorDefinition = {
  ...familyCourtConnector,
  normalize: (bytes, mediaType) =>
    familyCourtConnector.normalize(
      Buffer.from(bytes.toString('utf8').replace('"FL404N"', '"FL404A"')),
      mediaType,
    ),
};

describe('dead letters: list and re-drive (real Kafka + PostgreSQL)', () => {
  let hub: Hub;
  let repository: DeadLetterRepository;

  beforeAll(async () => {
    hub = await startTableLogHub();
    repository = new DeadLetterRepository(hub.dataSource);
  });

  afterAll(async () => {
    await hub.stop();
  });

  /** The operator re-driving, as the CLI builds her (operator role, operations purpose). */
  const OPS_JANE = cliOperator('ops-jane');
  const access = new AccessStep({ recordRead: () => Promise.resolve() });

  async function rejectedOrder() {
    const order = nonMolestationOrder();
    (order.granted.order as Record<string, unknown>).form = 'FL404N';
    const response = await postRecord(hub, 'family-court-orders', JSON.stringify(order.granted));
    expect(response.body).toMatchObject({ status: 'REJECTED', reason: 'UNKNOWN_CODE' });
    const deadLetterId = response.body.deadLetterId as string;
    await expectEventually(async () => expect(await repository.get(deadLetterId)).not.toBeNull());
    return { order, deadLetterId };
  }

  it('should accept a dead letter re-driven through a fixed connector, project it, and refuse a second re-drive', async () => {
    const { order, deadLetterId } = await rejectedOrder();
    const service = new DeadLetterService(
      repository,
      hub.ingest,
      (id) => (id === 'family-court-orders' ? fixedConnector : undefined),
      access,
    );

    const result = await service.redrive(OPS_JANE, deadLetterId);
    expect(result).toMatchObject({ outcome: 'ACCEPTED', eventIds: [expect.any(String)] });
    await expectEventually(async () => {
      const rows = await hub.dataSource.query<{ order_type: string }[]>(
        `SELECT order_type FROM protective_order WHERE order_ref = $1 AND granted`,
        [order.orderRef],
      );
      expect(rows).toEqual([{ order_type: 'NON_MOLESTATION' }]);
    });
    expect(await repository.get(deadLetterId)).toMatchObject({
      redrivenBy: 'ops-jane',
      redriveOutcome: 'ACCEPTED',
    });
    expect((await repository.list({})).map((d) => d.deadLetterId)).not.toContain(deadLetterId);

    await expect(service.redrive(OPS_JANE, deadLetterId)).rejects.toMatchObject({
      code: 'DEAD_LETTER_ALREADY_REDRIVEN',
    });
  });

  it('should keep a record that is still bad as a new dead letter, linked from the old one', async () => {
    const { deadLetterId } = await rejectedOrder();
    const service = new DeadLetterService(repository, hub.ingest, findConnector, access);
    const result = await service.redrive(OPS_JANE, deadLetterId);
    expect(result.outcome).toBe('REJECTED_AGAIN');
    const newId = result.outcome === 'REJECTED_AGAIN' ? result.newDeadLetterId : '';
    const [original, again] = await Promise.all([repository.get(deadLetterId), repository.get(newId)]);
    expect(original).toMatchObject({ redriveOutcome: 'REJECTED_AGAIN' });
    await expectEventually(async () => {
      const stored = again ?? (await repository.get(newId));
      expect(stored?.originalBytes.equals(original!.originalBytes)).toBe(true);
    });
  });

  it('should list and show dead letters from the CLI, with the original bytes', async () => {
    const { deadLetterId } = await rejectedOrder();
    const env = {
      PATH: process.env.PATH,
      DATABASE_URL: testDatabaseUrl(),
      LOG_LEVEL: 'error',
    };
    const listed = await run(
      process.execPath,
      [...CLI, 'dead-letters', 'list', '--reason', 'UNKNOWN_CODE', '--json', '--operator', 'ops-cli'],
      {
        env,
      },
    );
    const letters = JSON.parse(listed.stdout) as { deadLetterId: string; message: string }[];
    expect(letters.find((d) => d.deadLetterId === deadLetterId)?.message).toContain(
      'unknown order form "FL404N"',
    );

    const shown = await run(process.execPath, [...CLI, 'dead-letters', 'show', deadLetterId], { env });
    // The command line is audited like the API: the named operator's listing, and the login name's show.
    const audited = await hub.dataSource.query<{ actor: string; operation: string; purpose: string }[]>(
      `SELECT actor, operation, purpose FROM audit_record WHERE $1 = ANY(record_ids) ORDER BY audit_id`,
      [`dead-letter:${deadLetterId}`],
    );
    expect(audited[0]).toEqual({ actor: 'ops-cli', operation: 'deadLetters', purpose: 'operations' });
    expect(audited).toHaveLength(2);
    const letter = JSON.parse(shown.stdout) as { original: { encoding: string; content: string } };
    expect(letter.original.encoding).toBe('utf8');
    expect(JSON.parse(letter.original.content)).toMatchObject({ order: { form: 'FL404N' } });

    const refused = await run(process.execPath, [...CLI, 'dead-letters', 'redrive', deadLetterId], {
      env,
    }).then(
      () => null,
      (err: { code: number; stderr: string }) => err,
    );
    expect(refused?.code).toBe(2);
    expect(refused?.stderr).toContain('--operator');
  });
});
