import { type Hub } from '../../src/app';
import { nonMolestationOrder, uniquePoliceArea } from '../factories/family-court.factory';
import {
  expectEventually,
  graphql,
  officerOf,
  postRecord,
  startTestHub,
  subscriptionClient,
} from '../utils/test-hub';

const ORDER_FIELDS = `reference orderType status policeArea withoutNotice powerOfArrest untilFurtherOrder
  expiresAt servedAt serviceMethod court { code name } conditions { paragraph code text }
  protectedPersons { givenName familyName } provenance { sourceSystem grantedEventId servedEventId assertedAt receivedAt }`;

const SEARCH_BY_NAME = `query ($family: String!, $dob: LocalDate!) {
  searchPeople(familyName: $family, dateOfBirth: $dob) {
    matchedOn
    person { id familyName pncId protectiveOrders { ${ORDER_FIELDS} } }
  }
}`;

const SEARCH_BY_PNC = `query ($pnc: String!) {
  searchPeople(pncId: $pnc) { matchedOn person { familyName protectiveOrders { reference status } } }
}`;

interface OrderResult {
  reference: string;
  status: string;
  servedAt: string | null;
  provenance: { grantedEventId: string; servedEventId: string | null };
}
interface SearchResult {
  searchPeople: { matchedOn: string; person: { familyName: string; protectiveOrders: OrderResult[] } }[];
}

describe('a court order travels from the family court to the officer (real Kafka + PostgreSQL)', () => {
  let hub: Hub;

  beforeAll(async () => {
    hub = await startTestHub();
  });

  afterAll(async () => {
    await hub.stop();
  });

  it('should show a granted order as not yet served, then in force, and stream both changes to the area', async () => {
    const area = uniquePoliceArea();
    const order = nonMolestationOrder({ policeForce: area });
    const received: { changeType: string; eventId: string; order: { reference: string; status: string } }[] =
      [];
    const client = subscriptionClient(hub, officerOf(area));
    const subscribed = new Promise<void>((resolve, reject) => {
      client.on('connected', () => resolve());
      client.on('error', reject);
    });
    const dispose = client.subscribe<{ orderChanged: (typeof received)[number] }>(
      {
        query: `subscription ($area: String!) { orderChanged(policeArea: $area) { changeType eventId order { reference status } } }`,
        variables: { area },
      },
      {
        next: (m) => m.data && received.push(m.data.orderChanged),
        error: () => undefined,
        complete: () => undefined,
      },
    );
    try {
      await subscribed;
      const granted = await postRecord(hub, 'family-court-orders', JSON.stringify(order.granted));
      expect(granted.status).toBe(202);
      const grantedEventId = (granted.body.events as { id: string }[])[0]!.id;

      const afterGrant = await expectEventually(async () => {
        const result = await graphql<SearchResult>(hub, SEARCH_BY_NAME, {
          family: order.respondent.surname,
          dob: order.respondent.dateOfBirth,
        });
        const orders = result.data!.searchPeople[0]!.person.protectiveOrders;
        expect(orders).toHaveLength(1);
        return result.data!.searchPeople[0]!;
      });
      expect(afterGrant.matchedOn).toBe('NAME_AND_DATE_OF_BIRTH');
      expect(afterGrant.person.protectiveOrders[0]).toMatchObject({
        reference: order.orderRef,
        orderType: 'NON_MOLESTATION',
        status: 'GRANTED_NOT_SERVED',
        policeArea: area,
        withoutNotice: true,
        untilFurtherOrder: false,
        expiresAt: '2099-05-20T16:00:00.000Z',
        servedAt: null,
        court: { code: 'LDSFC', name: 'Leeds Family Court' },
        conditions: [
          {
            paragraph: '1',
            code: 'NO_VIOLENCE',
            text: 'The respondent must not use or threaten violence against the applicant.',
          },
          {
            paragraph: '2',
            code: 'NO_CONTACT',
            text: 'The respondent must not contact the applicant by any means.',
          },
        ],
        protectedPersons: [{ givenName: 'Protected', familyName: order.applicant.surname }],
        provenance: {
          sourceSystem: 'urn:shieldline:connector:family-court-orders',
          grantedEventId,
          servedEventId: null,
          assertedAt: '2026-11-20T10:15:00.000Z',
        },
      });

      const served = await postRecord(hub, 'family-court-orders', JSON.stringify(order.served));
      expect(served.status).toBe(202);
      await expectEventually(async () => {
        const result = await graphql<SearchResult>(hub, SEARCH_BY_PNC, { pnc: order.respondent.pncId });
        expect(result.data!.searchPeople[0]!.matchedOn).toBe('PNC_ID');
        expect(result.data!.searchPeople[0]!.person.protectiveOrders).toEqual([
          { reference: order.orderRef, status: 'IN_FORCE' },
        ]);
      });

      await expectEventually(() => {
        expect(received.map((c) => [c.changeType, c.order.reference])).toEqual([
          ['GRANTED', order.orderRef],
          ['SERVED', order.orderRef],
        ]);
      });
      expect(received[0]!.eventId).toBe(grantedEventId);
    } finally {
      dispose();
      await client.dispose();
    }
  });

  it('should project a re-sent court payload once: same event id, one order, one timeline entry', async () => {
    const order = nonMolestationOrder();
    const first = await postRecord(hub, 'family-court-orders', JSON.stringify(order.granted));
    const second = await postRecord(hub, 'family-court-orders', JSON.stringify(order.granted));
    expect(first.status).toBe(202);
    expect(second.body.events).toEqual(first.body.events);
    const eventId = (first.body.events as { id: string }[])[0]!.id;

    // Both copies have reached the projector once the offsets move past them; then count.
    await expectEventually(async () => {
      const [row] = await hub.dataSource.query<{ count: number }[]>(
        `SELECT count(*)::int AS count FROM event_store WHERE subject = $1`,
        [order.orderRef],
      );
      expect(row!.count).toBe(1);
      expect(hub.projector!.stats.duplicates).toBeGreaterThanOrEqual(1);
    });
    const orders = await hub.dataSource.query<{ version: number }[]>(
      `SELECT version FROM protective_order WHERE order_ref = $1`,
      [order.orderRef],
    );
    expect(orders).toEqual([{ version: 1 }]);
    const timeline = await hub.dataSource.query<{ event_id: string }[]>(
      `SELECT event_id FROM timeline_entry WHERE aggregate = $1`,
      [`order:${order.orderRef}`],
    );
    expect(timeline).toEqual([{ event_id: eventId }]);
  });

  it('should follow an order through variation, extension and discharge from the family court', async () => {
    const order = nonMolestationOrder();
    const granted = order.granted as { court: unknown; caseNumber: string; messageId: string };
    const change = (messageType: string, n: number, extra: Record<string, unknown>) => ({
      messageType,
      messageId: `${granted.messageId}-C${n}`,
      version: 1,
      court: granted.court,
      caseNumber: granted.caseNumber,
      orderNumber: '1',
      changedOn: `2026-12-0${n}T10:00:00Z`,
      ...extra,
    });
    // Delivered newest first: the projection orders them by when they happened.
    const messages = [
      change('ORDER_DISCHARGED', 3, { reason: 'Discharged on application' }),
      change('ORDER_EXTENDED', 2, { endsOn: null }),
      change('ORDER_VARIED', 1, { variationNumber: 1, powerOfArrest: true }),
      order.served,
      order.granted,
    ];
    for (const message of messages) {
      expect((await postRecord(hub, 'family-court-orders', JSON.stringify(message))).status).toBe(202);
    }
    const seen = await expectEventually(async () => {
      const result = await graphql<{
        protectiveOrder: {
          status: string;
          powerOfArrest: boolean;
          untilFurtherOrder: boolean;
          versions: { eventType: string }[];
        } | null;
      }>(
        hub,
        `
          query ($ref: String!) {
            protectiveOrder(reference: $ref) {
              status
              powerOfArrest
              untilFurtherOrder
              versions {
                eventType
              }
            }
          }
        `,
        { ref: order.orderRef },
      );
      expect(result.data?.protectiveOrder?.versions).toHaveLength(5);
      return result.data!.protectiveOrder!;
    });
    expect(seen).toEqual({
      status: 'DISCHARGED',
      powerOfArrest: true,
      untilFurtherOrder: true,
      versions: ['granted', 'served', 'varied', 'extended', 'discharged'].map((t) => ({
        eventType: `uk.shieldline.court.order.${t}.v1`,
      })),
    });
  });

  it('should refuse personal-data reads without a signed token', async () => {
    const result = await graphql(hub, SEARCH_BY_PNC, { pnc: '2019/1K' }, null);
    expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('should refuse a subscription without a signed token', async () => {
    const client = subscriptionClient(hub, null);
    const closed = new Promise<number>((resolve) =>
      client.on('closed', (event) => resolve((event as { code: number }).code)),
    );
    const dispose = client.subscribe(
      { query: 'subscription { orderChanged(policeArea: "WYP") { eventId } }' },
      { next: () => undefined, error: () => undefined, complete: () => undefined },
    );
    try {
      expect(await closed).toBe(4403);
    } finally {
      dispose();
      await client.dispose();
    }
  });

  it('should audit every read of personal data with who, agency and purpose', async () => {
    const order = nonMolestationOrder();
    await postRecord(hub, 'family-court-orders', JSON.stringify(order.granted));
    const personId = await expectEventually(async () => {
      const result = await graphql<{
        searchPeople: { person: { id: string; protectiveOrders: unknown[] } }[];
      }>(
        hub,
        `
          query ($pnc: String!) {
            searchPeople(pncId: $pnc) {
              person {
                id
                protectiveOrders {
                  reference
                }
              }
            }
          }
        `,
        { pnc: order.respondent.pncId },
      );
      expect(result.data!.searchPeople[0]!.person.protectiveOrders).toHaveLength(1);
      return result.data!.searchPeople[0]!.person.id;
    });
    const audit = await hub.dataSource.query<
      { actor: string; agency: string; purpose: string; operation: string }[]
    >(
      `SELECT actor, agency, purpose, operation FROM audit_record WHERE $1 = ANY(record_ids) ORDER BY audit_id`,
      [`person:${personId}`],
    );
    expect(audit.length).toBeGreaterThanOrEqual(1);
    expect(audit[0]).toEqual({
      actor: 'pc-4471',
      agency: 'police',
      purpose: 'enforcement',
      operation: 'searchPeople',
    });
  });
});
