import { serverAudits } from 'graphql-http';
import { type Hub } from '../../src/app';
import { startTestHub } from '../utils/test-hub';

/**
 * The GraphQL-over-HTTP spec's own audit suite (graphql-http) against the gateway: every MUST passes.
 * SHOULD / MAY audits are reported by graphql-http but not required here. Two MUST audits query
 * `__type`, so the hub runs with introspection on (production default is off, which turns those two
 * requests into validation errors by design).
 */
describe('GraphQL over HTTP compliance (graphql-http server audits)', () => {
  let hub: Hub;

  beforeAll(async () => {
    hub = await startTestHub({ GRAPHQL_INTROSPECTION: 'true' });
  });

  afterAll(async () => {
    await hub.stop();
  });

  const audits = serverAudits({ url: () => hub.graphqlUrl });
  const musts = audits.filter((audit) => audit.name.startsWith('MUST'));

  it('should have MUST audits to run', () => {
    expect(musts.length).toBeGreaterThan(10);
  });

  it.each(musts.map((audit) => [audit.name, audit] as const))('%s', async (_name, audit) => {
    const result = await audit.fn();
    expect({ status: result.status, reason: 'reason' in result ? result.reason : null }).toEqual({
      status: 'ok',
      reason: null,
    });
  });
});
