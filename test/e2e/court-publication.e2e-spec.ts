import { type Hub } from '../../src/app';
import { nonMolestationOrder } from '../factories/family-court.factory';
import {
  COURT_PUBLISHER,
  expectEventually,
  graphql,
  OFFICER,
  postRecord,
  startTestHub,
} from '../utils/test-hub';

type Ack =
  | {
      __typename: 'OrderPublished';
      duplicate: boolean;
      events: { id: string; type: string; subject: string }[];
    }
  | { __typename: 'OrderRejected'; reason: string; problems: string[]; deadLetterId: string };

const PUBLISH = `
  mutation ($message: JSONObject!) {
    publishCourtOrder(message: $message) {
      __typename
      ... on OrderPublished { duplicate events { id type subject } }
      ... on OrderRejected { reason problems deadLetterId }
    }
  }
`;

describe('court publication through GraphQL: one path, two doors', () => {
  let hub: Hub;

  beforeAll(async () => {
    hub = await startTestHub();
  });

  afterAll(async () => {
    await hub.stop();
  });

  const publish = async (message: Record<string, unknown>, as = COURT_PUBLISHER) =>
    graphql<{ publishCourtOrder: Ack }>(hub, PUBLISH, { message }, as);

  it('should accept an order with its event id, project it, and answer a re-send with the same ids', async () => {
    const order = nonMolestationOrder();
    const first = await publish(order.granted);
    expect(first.errors).toBeUndefined();
    expect(first.data?.publishCourtOrder).toMatchObject({
      __typename: 'OrderPublished',
      duplicate: false,
      events: [{ type: 'uk.shieldline.court.order.granted.v1', subject: order.orderRef }],
    });
    const [event] = (first.data!.publishCourtOrder as Extract<Ack, { __typename: 'OrderPublished' }>).events;

    await expectEventually(async () => {
      const seen = await graphql<{ protectiveOrder: { status: string } | null }>(
        hub,
        `
          query ($ref: String!) {
            protectiveOrder(reference: $ref) {
              status
            }
          }
        `,
        { ref: order.orderRef },
        OFFICER,
      );
      expect(seen.data?.protectiveOrder?.status).toBe('GRANTED_NOT_SERVED');
    }, 30_000);

    const again = await publish(order.granted);
    expect(again.data?.publishCourtOrder).toMatchObject({
      __typename: 'OrderPublished',
      duplicate: true,
      events: [event],
    });

    // The other door (HTTP push of the same record) is the same path: same event id.
    const pushed = await postRecord(hub, 'family-court-orders', JSON.stringify(order.granted));
    expect(pushed.body).toMatchObject({ status: 'ACCEPTED', events: [{ id: event!.id }] });
  });

  it('should reject a bad order with every problem and the dead letter that keeps it', async () => {
    const order = nonMolestationOrder();
    const broken = {
      ...order.granted,
      order: {
        ...(order.granted.order as Record<string, unknown>),
        form: 'FL999',
        effectiveFrom: '2026-02-30T10:00:00Z',
      },
    };
    const result = await publish(broken);
    expect(result.errors).toBeUndefined();
    const rejected = result.data!.publishCourtOrder as Extract<Ack, { __typename: 'OrderRejected' }>;
    expect(rejected).toMatchObject({ __typename: 'OrderRejected', reason: 'IMPOSSIBLE_DATE' });
    expect(rejected.problems).toEqual([
      expect.stringMatching(/^\/order\/effectiveFrom: is not a real date-time/),
    ]);
    // The dead letter travels through the dead-letter topic into its table.
    await expectEventually(async () => {
      const [stored] = await hub.dataSource.query<{ reason_code: string }[]>(
        'SELECT reason_code FROM dead_letter WHERE dead_letter_id = $1',
        [rejected.deadLetterId],
      );
      expect(stored).toEqual({ reason_code: 'IMPOSSIBLE_DATE' });
    });
  });

  it('should refuse callers without the publisher role', async () => {
    const result = await publish(nonMolestationOrder().granted, OFFICER);
    expect(result.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
  });
});
