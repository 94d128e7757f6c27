import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Hub } from '../../src/app';
import { uniqueToken } from '../factories/family-court.factory';
import { expectEventually, graphql, postRecord, startTestHub } from '../utils/test-hub';

const FIXTURES = join(__dirname, '../../connectors/cps-case-management/fixtures');

describe('CPS case management connector: fixtures through Kafka to the case timeline', () => {
  let hub: Hub;

  beforeAll(async () => {
    hub = await startTestHub();
  });

  afterAll(async () => {
    await hub.stop();
  });

  it('should project receipt, action plan and charging decision onto the case', async () => {
    const urn = `13WY${uniqueToken()}`;
    for (const name of ['referral-receipt.json', 'action-plan.json', 'charging-decision.json']) {
      const message = JSON.parse(readFileSync(join(FIXTURES, name), 'utf8')) as { case: { urn: string } };
      message.case.urn = urn;
      const response = await postRecord(hub, 'cps-case-management', JSON.stringify(message));
      expect(response.status).toBe(202);
    }
    const seen = await expectEventually(async () => {
      const result = await graphql<{
        case: {
          references: { kind: string; value: string }[];
          decisions: { decision: string }[];
          actionPlans: { reference: string; dueOn: string }[];
          deadlines: { rule: string; status: string }[];
          timeline: { edges: { node: { agency: string; source: string } }[] };
        } | null;
      }>(
        hub,
        `
          query ($urn: String!) {
            case(urn: $urn) {
              references {
                kind
                value
              }
              decisions {
                decision
              }
              actionPlans {
                reference
                dueOn
              }
              deadlines {
                rule
                status
              }
              timeline(first: 10) {
                edges {
                  node {
                    agency
                    source
                  }
                }
              }
            }
          }
        `,
        { urn },
      );
      // The case row and its timeline are read by separate statements, so one answer can show the third
      // entry before the case row the same transaction wrote: wait for both.
      expect(result.data?.case?.timeline.edges).toHaveLength(3);
      expect(result.data?.case?.decisions).toHaveLength(1);
      return result.data!.case!;
    }, 30_000);
    expect(seen.references).toEqual([{ kind: 'CPS_CASE_ID', value: 'CMS-88121' }]);
    expect(seen.decisions).toEqual([{ decision: 'CHARGE' }]);
    expect(seen.actionPlans).toEqual([{ reference: 'AP-88121-1', dueOn: '2026-11-27' }]);
    expect(seen.deadlines).toContainEqual({ rule: 'JJP_CHARGING_DECISION_10_WORKING_DAYS', status: 'MET' });
    expect(new Set(seen.timeline.edges.map((e) => `${e.node.agency} ${e.node.source}`))).toEqual(
      new Set(['cps urn:shieldline:connector:cps-case-management']),
    );
  });
});
