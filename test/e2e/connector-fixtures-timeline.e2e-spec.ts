import { CONNECTORS } from '../../connectors';
import { type Hub } from '../../src/app';
import { fixturesOf } from '../conformance/connector-conformance';
import { expectEventually, graphql, postRecord, startTestHub } from '../utils/test-hub';

interface Edge {
  node: { eventId: string };
}

/**
 * Acceptance for the connectors: every connector's recorded fixtures, sent as a source system would
 * (HTTP, each file with its own media type), reach the GraphQL timeline of their case or order.
 */
describe('every connector’s fixtures through Kafka and PostgreSQL to the GraphQL timeline', () => {
  let hub: Hub;

  beforeAll(async () => {
    hub = await startTestHub();
  });

  afterAll(async () => {
    await hub.stop();
  });

  for (const connector of CONNECTORS) {
    it(`${connector.id}: every event of every fixture is on a case or order timeline`, async () => {
      const eventIds = new Set<string>();
      const caseUrns = new Set<string>();
      const orderRefs = new Set<string>();
      for (const fixture of fixturesOf(connector)) {
        const response = await postRecord(hub, connector.id, fixture.source.bytes, fixture.source.mediaType);
        expect([200, 202]).toContain(response.status);
        const records = (response.status === 200 ? response.body.records : [response.body]) as {
          status: string;
          events: { id: string; type: string; subject: string }[];
        }[];
        for (const record of records) {
          expect(record.status).toBe('ACCEPTED');
          for (const event of record.events) {
            eventIds.add(event.id);
            if (event.type.startsWith('uk.shieldline.court.order.')) orderRefs.add(event.subject);
          }
        }
        // The case each record belongs to, from the connector's own (pure) reading of it.
        for (const record of connector.readers[fixture.source.mediaType]!(fixture.source.bytes)) {
          const result = connector.normalize(record.bytes, record.mediaType);
          if (!result.ok) continue;
          for (const draft of result.drafts) {
            if (typeof draft.data.caseUrn === 'string') caseUrns.add(draft.data.caseUrn);
          }
        }
      }
      expect(eventIds.size).toBeGreaterThan(0);
      await expectEventually(async () => {
        const seen = new Set<string>();
        for (const urn of caseUrns) {
          const result = await graphql<{ case: { timeline: { edges: Edge[] } } | null }>(
            hub,
            `
              query ($urn: String!) {
                case(urn: $urn) {
                  timeline(first: 100) {
                    edges {
                      node {
                        eventId
                      }
                    }
                  }
                }
              }
            `,
            { urn },
          );
          expect(result.errors).toBeUndefined();
          for (const edge of result.data?.case?.timeline.edges ?? []) seen.add(edge.node.eventId);
        }
        for (const reference of orderRefs) {
          const result = await graphql<{ protectiveOrder: { timeline: { edges: Edge[] } } | null }>(
            hub,
            `
              query ($reference: String!) {
                protectiveOrder(reference: $reference) {
                  timeline(first: 100) {
                    edges {
                      node {
                        eventId
                      }
                    }
                  }
                }
              }
            `,
            { reference },
          );
          expect(result.errors).toBeUndefined();
          for (const edge of result.data?.protectiveOrder?.timeline.edges ?? []) seen.add(edge.node.eventId);
        }
        expect([...eventIds].filter((id) => !seen.has(id))).toEqual([]);
      }, 45_000);
    });
  }
});
