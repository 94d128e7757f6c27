import { type Hub } from '../../src/app';
import { deterministicUuid } from '../../src/common/ids';
import { caseScenario } from '../factories/case-scenario.factory';
import { nonMolestationOrder, uniquePoliceArea, uniqueToken } from '../factories/family-court.factory';
import {
  bearer,
  expectEventually,
  graphql,
  OFFICER,
  openSubscriptions,
  postRecord,
  startTestHub,
  subscriptionClient,
  untilSubscribed,
} from '../utils/test-hub';

const ORDER_CHANGED =
  'subscription ($area: String!) { orderChanged(policeArea: $area) { changeType eventId } }';

describe('gateway security: replicas, revocation, limits (real Kafka + PostgreSQL)', () => {
  let hub: Hub;
  let replica: Hub;

  beforeAll(async () => {
    hub = await startTestHub();
    // A second gateway replica on the same broker and database, fed only by the change-feed topic.
    const prefix = hub.topics.court.slice(0, -'shieldline.court.v1'.length);
    replica = await startTestHub({ ROLES: 'gateway', TOPIC_PREFIX: prefix });
  });

  afterAll(async () => {
    await replica.stop();
    await hub.stop();
  });

  /** A subscription to the area's order changes, resolved once the replica holds it (no fixed sleep). */
  async function listen(
    target: Hub,
    area: string,
    claims: typeof OFFICER & { jti?: string } = { ...OFFICER, area },
  ) {
    const open = await openSubscriptions(target);
    const received: string[] = [];
    let closedWith: number | null = null;
    const client = subscriptionClient(target, claims);
    client.on('closed', (event) => (closedWith = (event as { code: number }).code));
    const dispose = client.subscribe(
      { query: ORDER_CHANGED, variables: { area } },
      {
        next: (m) => {
          const change = (m.data as { orderChanged?: { eventId: string } } | null)?.orderChanged;
          if (change) received.push(change.eventId);
        },
        error: () => undefined,
        complete: () => undefined,
      },
    );
    await untilSubscribed(target, open + 1);
    return {
      received,
      closedWith: () => closedWith,
      stop: async () => {
        dispose();
        await client.dispose();
      },
    };
  }

  async function publish(area: string): Promise<string> {
    const order = nonMolestationOrder({ policeForce: area });
    const response = await postRecord(hub, 'family-court-orders', JSON.stringify(order.granted));
    expect(response.status).toBe(202);
    return (response.body.events as { id: string }[])[0]!.id;
  }

  it('should deliver every change to subscribers on both gateway replicas', async () => {
    const area = uniquePoliceArea();
    const onFirst = await listen(hub, area);
    const onSecond = await listen(replica, area);
    try {
      const eventId = await publish(area);
      await expectEventually(() => {
        expect(onFirst.received).toEqual([eventId]);
        expect(onSecond.received).toEqual([eventId]);
      }, 20_000);
    } finally {
      await onFirst.stop();
      await onSecond.stop();
    }
  });

  it('should stop an open subscription within 5 s of its token being revoked, on another replica', async () => {
    const area = uniquePoliceArea();
    const jti = `tok-${uniqueToken()}`;
    const holder = { ...OFFICER, area, sub: 'pc-revoked', jti };
    const subscription = await listen(replica, area, holder);
    try {
      const before = await publish(area);
      await expectEventually(() => expect(subscription.received).toEqual([before]), 20_000);

      const admin = { ...OFFICER, sub: 'sec-1', roles: ['security-admin'], purpose: 'operations' as const };
      const revoked = await graphql(
        hub,
        'mutation ($id: String!) { revokeToken(tokenId: $id, reason: "lost device") }',
        { id: jti },
        admin,
      );
      expect(revoked.errors).toBeUndefined();
      // Closed within 5 s of the revocation (the wait is the bound).
      await expectEventually(() => expect(subscription.closedWith()).toBe(4403), 5_000);

      // Nothing reaches it afterwards — asserted once a subscriber that was not revoked, on the same
      // replica, has received the next change (the positive control), never after a sleep.
      const control = await listen(replica, area);
      try {
        const after = await publish(area);
        await expectEventually(() => expect(control.received).toEqual([after]), 20_000);
        expect(subscription.received).toEqual([before]);
      } finally {
        await control.stop();
      }
      const refused = await graphql(hub, '{ searchPeople(pncId: "2019/1K") { matchedOn } }', {}, holder);
      expect(refused.errors?.[0]).toEqual(
        expect.objectContaining({
          message: 'token refused: revoked',
          extensions: expect.objectContaining({ code: 'UNAUTHENTICATED' }) as unknown,
        }),
      );
    } finally {
      await subscription.stop();
    }
  });

  it("should scope a subscription to one person: the respondent's orders reach it, others' do not", async () => {
    const area = uniquePoliceArea();
    const order = nonMolestationOrder({ policeForce: area });
    const other = nonMolestationOrder({ policeForce: area });
    const personId = deterministicUuid('person', 'pnc', order.respondent.pncId.toUpperCase());
    const received: string[] = [];
    const open = await openSubscriptions(replica);
    const client = subscriptionClient(replica);
    const dispose = client.subscribe(
      {
        query: 'subscription ($id: ID!) { personOrderChanged(personId: $id) { order { reference } } }',
        variables: { id: personId },
      },
      {
        next: (m) =>
          received.push(
            (m.data as { personOrderChanged: { order: { reference: string } } }).personOrderChanged.order
              .reference,
          ),
        error: () => undefined,
        complete: () => undefined,
      },
    );
    try {
      await untilSubscribed(replica, open + 1);
      for (const o of [other, order]) {
        expect((await postRecord(hub, 'family-court-orders', JSON.stringify(o.granted))).status).toBe(202);
      }
      await expectEventually(() => expect(received).toEqual([order.orderRef]), 20_000);
    } finally {
      dispose();
      await client.dispose();
    }
  });

  it("should stream a case's timeline to a case-scoped subscription, across agencies", async () => {
    const scenario = caseScenario({ policeArea: uniquePoliceArea() });
    const incident = scenario.records.find((r) => r.type.endsWith('incident.reported.v1'))!;
    const decision = scenario.records.find((r) => r.type.endsWith('charging-decision.made.v1'))!;
    const received: string[] = [];
    const open = await openSubscriptions(replica);
    const client = subscriptionClient(replica, { ...OFFICER, area: scenario.policeArea });
    const dispose = client.subscribe(
      {
        query: 'subscription ($urn: String!) { caseTimeline(caseUrn: $urn) { eventType agency summary } }',
        variables: { urn: scenario.caseUrn },
      },
      {
        next: (m) => received.push((m.data as { caseTimeline: { agency: string } }).caseTimeline.agency),
        error: () => undefined,
        complete: () => undefined,
      },
    );
    try {
      await untilSubscribed(replica, open + 1);
      for (const record of [incident, decision]) {
        expect((await postRecord(hub, 'shieldline-events', JSON.stringify(record))).status).toBe(202);
      }
      await expectEventually(() => expect(received.sort()).toEqual(['cps', 'police']), 20_000);
    } finally {
      dispose();
      await client.dispose();
    }
  });

  it("should let the order's own force acknowledge receipt once, and no other", async () => {
    const area = uniquePoliceArea();
    const order = nonMolestationOrder({ policeForce: area });
    expect((await postRecord(hub, 'family-court-orders', JSON.stringify(order.granted))).status).toBe(202);
    const ack =
      'mutation ($ref: String!) { acknowledgeOrder(reference: $ref) { policeArea acknowledgedBy acknowledgedAt first } }';
    const local = { ...OFFICER, area, sub: 'control-room-1' };
    type Ack = {
      acknowledgeOrder: { acknowledgedAt: string; first: boolean; acknowledgedBy: string } | null;
    };
    const first = await expectEventually(async () => {
      const result = await graphql<Ack>(hub, ack, { ref: order.orderRef }, local);
      expect(result.data?.acknowledgeOrder).not.toBeNull();
      return result.data!.acknowledgeOrder!;
    });
    expect(first).toEqual(expect.objectContaining({ first: true, acknowledgedBy: 'control-room-1' }));
    const again = await graphql<Ack>(hub, ack, { ref: order.orderRef }, { ...local, sub: 'control-room-2' });
    expect(again.data!.acknowledgeOrder).toEqual({ ...first, first: false });
    const elsewhere = await graphql(hub, ack, { ref: order.orderRef }, { ...OFFICER, area: 'ZZZ' });
    expect(elsewhere.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const listed = await graphql<{ protectiveOrder: { acknowledgements: { policeArea: string }[] } }>(
      hub,
      'query ($ref: String!) { protectiveOrder(reference: $ref) { acknowledgements { policeArea acknowledgedBy } } }',
      { ref: order.orderRef },
      local,
    );
    expect(listed.data!.protectiveOrder.acknowledgements).toEqual([
      { policeArea: area, acknowledgedBy: 'control-room-1' },
    ]);
  });

  it('should refuse revocation without the security-admin role', async () => {
    const result = await graphql(hub, 'mutation { revokeToken(tokenId: "x") }');
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('should turn introspection off outside the demo and refuse queries nested too deep', async () => {
    const introspection = await graphql(hub, '{ __schema { queryType { name } } }');
    expect(introspection.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    // searchPeople → person → (possibleMatches → person) × 5 → id: 13 levels.
    const nested = Array.from({ length: 5 }).reduce<string>(
      (inner) => `possibleMatches { person { ${inner} } }`,
      'id',
    );
    const deep = await graphql(hub, `{ searchPeople(pncId: "1") { person { ${nested} } } }`);
    // Measured before authentication or validation, and refused with its own code.
    expect(deep.errors?.[0]).toEqual({
      message: 'query is 13 levels deep; at most 10 are allowed',
      extensions: { code: 'QUERY_TOO_COMPLEX' },
    });
  });

  it('should refuse a 2^22 fragment fan-out and 700 aliased searches before authentication, while a concurrent officer query is answered', async () => {
    const parts = ['query { searchPeople(pncId: "1") { person { ...F0 } } }'];
    for (let i = 0; i < 22; i++) parts.push(`fragment F${i} on Person { ...F${i + 1} ...F${i + 1} id }`);
    parts.push('fragment F22 on Person { ...Missing }');
    const fanOut = parts.join('\n');
    const aliases = `{ ${Array.from({ length: 700 }, (_, i) => `s${i}: searchPeople(pncId: "1") { matchedOn }`).join(' ')} }`;
    const post = (query: string, auth: Record<string, string>) =>
      fetch(hub.graphqlUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...auth },
        body: JSON.stringify({ query }),
      });
    const officer = { authorization: await bearer(OFFICER) };
    const [refusedFanOut, refusedAliases, concurrent] = await Promise.all([
      post(fanOut, {}),
      post(aliases, {}),
      post('{ searchPeople(pncId: "2019/0K") { matchedOn } }', officer),
    ]);
    expect(refusedFanOut.status).toBe(400);
    expect(await refusedFanOut.json()).toEqual({
      errors: [{ message: 'unknown fragment Missing', extensions: { code: 'QUERY_TOO_COMPLEX' } }],
    });
    expect(refusedAliases.status).toBe(400);
    expect(
      ((await refusedAliases.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions
        .code,
    ).toBe('QUERY_TOO_COMPLEX');
    expect(concurrent.status).toBe(200);
    expect(await concurrent.json()).toEqual({ data: { searchPeople: [] } });
  });

  it('should report ready on /readyz when PostgreSQL and Kafka answer', async () => {
    const ready = await fetch(`${hub.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({
      ready: true,
      checks: {
        database: { ok: true },
        eventLog: { ok: true },
        projection: { ok: true },
        projectorLag: { ok: true },
        demoData: { ok: true },
      },
    });
  });
});
