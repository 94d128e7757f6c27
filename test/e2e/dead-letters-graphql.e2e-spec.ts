import { type Hub } from '../../src/app';
import { uniqueToken } from '../factories/family-court.factory';
import { expectEventually, graphql, OFFICER, postRecord, startTestHub } from '../utils/test-hub';

const OPERATOR = { ...OFFICER, sub: 'ops-1', roles: ['operator'], purpose: 'operations' as const };

const LIST = `query { deadLetters(connector: "shieldline-events", reasonCode: "UNKNOWN_CODE", first: 500) {
  edges { node { id connector reasonCode message problems originalBase64 redriveOutcome } } } }`;

type Listed = {
  deadLetters: {
    edges: {
      node: { id: string; originalBase64: string; problems: string[]; redriveOutcome: string | null };
    }[];
  };
};

describe('dead letters over GraphQL, operators only (real Kafka + PostgreSQL)', () => {
  let hub: Hub;

  beforeAll(async () => {
    hub = await startTestHub();
  });

  afterAll(async () => {
    await hub.stop();
  });

  it('should refuse non-operators, list the original bytes for operators, and re-drive once', async () => {
    const body = JSON.stringify({
      recordId: `DL-${uniqueToken()}`,
      recordVersion: '1',
      type: 'uk.shieldline.police.not-a-type.v1',
      occurredAt: null,
      data: {},
    });
    const posted = await postRecord(hub, 'shieldline-events', body);
    expect(posted.status).toBe(422);
    const deadLetterId = posted.body.deadLetterId as string;

    const refused = await graphql(hub, LIST);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(refused.data).toBeNull();

    const listed = await expectEventually(async () => {
      const result = await graphql<Listed>(hub, LIST, {}, OPERATOR);
      const found = result.data!.deadLetters.edges.map((e) => e.node).find((d) => d.id === deadLetterId);
      expect(found).toBeDefined();
      return found!;
    });
    expect(Buffer.from(listed.originalBase64, 'base64').toString('utf8')).toBe(body);
    expect(listed.problems).toEqual(['/type: unknown event type "uk.shieldline.police.not-a-type.v1"']);

    const redrive = `mutation ($id: ID!) { redriveDeadLetter(id: $id) { outcome eventIds newDeadLetterId } }`;
    const notOperator = await graphql(hub, redrive, { id: deadLetterId });
    expect(notOperator.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const first = await graphql<{ redriveDeadLetter: { outcome: string; newDeadLetterId: string | null } }>(
      hub,
      redrive,
      { id: deadLetterId },
      OPERATOR,
    );
    expect(first.data!.redriveDeadLetter.outcome).toBe('REJECTED_AGAIN');
    expect(first.data!.redriveDeadLetter.newDeadLetterId).toMatch(/^[0-9a-f-]{36}$/);
    expect(first.data!.redriveDeadLetter.newDeadLetterId).not.toBe(deadLetterId);
    const second = await graphql(hub, redrive, { id: deadLetterId }, OPERATOR);
    expect(second.errors?.[0]?.extensions?.code).toBe('DEAD_LETTER_ALREADY_REDRIVEN');

    const audit = await hub.dataSource.query<{ actor: string; operation: string }[]>(
      `SELECT actor, operation FROM audit_record WHERE $1 = ANY(record_ids)`,
      [`dead-letter:${deadLetterId}`],
    );
    expect(audit).toContainEqual({ actor: 'ops-1', operation: 'deadLetters' });
  });
});
