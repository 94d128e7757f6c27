import { createHash } from 'node:crypto';
import { type Hub } from '../../src/app';
import { OFFICER_APP_DOCUMENTS } from '../../src/api/officer-app-documents';
import { bearer, OFFICER, startTestHub, subscriptionClient } from '../utils/test-hub';

const byName = (name: string) => OFFICER_APP_DOCUMENTS.find((d) => d.name === name)!;
const idOf = (body: string) => createHash('sha256').update(body).digest('hex');

async function post(hub: Hub, body: Record<string, unknown>) {
  const response = await fetch(hub.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: await bearer(OFFICER) },
    body: JSON.stringify(body),
  });
  return {
    status: response.status,
    body: (await response.json()) as {
      data?: Record<string, unknown>;
      errors?: { extensions?: { code?: string } }[];
    },
  };
}

describe('trusted documents (persisted operations) for officer apps', () => {
  let strict: Hub;
  let lenient: Hub;

  beforeAll(async () => {
    strict = await startTestHub({ TRUSTED_DOCUMENTS: 'require' });
    lenient = await startTestHub({ TRUSTED_DOCUMENTS: 'allow' });
  });

  afterAll(async () => {
    await strict.stop();
    await lenient.stop();
  });

  it('should run a trusted document sent by id, or by its exact text, and nothing else when required', async () => {
    const document = byName('OrderByReference');
    const byId = await post(strict, { documentId: idOf(document.body), variables: { reference: 'NONE/1' } });
    expect(byId).toEqual({ status: 200, body: { data: { protectiveOrder: null } } });

    const apolloStyle = await post(strict, {
      extensions: { persistedQuery: { version: 1, sha256Hash: idOf(document.body) } },
      variables: { reference: 'NONE/1' },
    });
    expect(apolloStyle.body).toEqual({ data: { protectiveOrder: null } });

    const byText = await post(strict, { query: document.body, variables: { reference: 'NONE/1' } });
    expect(byText.body).toEqual({ data: { protectiveOrder: null } });

    const adHoc = await post(strict, { query: '{ protectiveOrder(reference: "NONE/1") { reference } }' });
    expect(adHoc.status).toBe(400);
    expect(adHoc.body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_ALLOWED');

    const unknown = await post(strict, { documentId: idOf('query { __typename }') });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
  });

  it('should refuse an untrusted subscription on the socket when required', async () => {
    const client = subscriptionClient(strict);
    try {
      const error = await new Promise<unknown>((resolve) => {
        client.subscribe(
          { query: 'subscription { orderChanged(policeArea: "WYP") { eventId } }' },
          { next: () => resolve('delivered'), error: resolve, complete: () => resolve('completed') },
        );
      });
      expect(JSON.stringify(error)).toContain('trusted documents only');
    } finally {
      await client.dispose();
    }
  });

  it('should accept ids and ad-hoc operations alike when allowed', async () => {
    const document = byName('OrderByReference');
    expect(
      (await post(lenient, { documentId: idOf(document.body), variables: { reference: 'X/1' } })).status,
    ).toBe(200);
    const adHoc = await post(lenient, { query: '{ protectiveOrder(reference: "X/1") { reference } }' });
    expect(adHoc.body).toEqual({ data: { protectiveOrder: null } });
  });
});
