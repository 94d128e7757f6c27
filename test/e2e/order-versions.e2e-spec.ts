import { type Hub } from '../../src/app';
import { nonMolestationOrder, uniquePoliceArea } from '../factories/family-court.factory';
import { expectEventually, graphql, officerOf, postRecord, startTestHub } from '../utils/test-hub';

interface Version {
  version: number;
  eventType: string;
  conditions: { paragraph: string; text: string }[] | null;
  exclusionZones: { description: string; postcode: string | null }[] | null;
  powerOfArrest: boolean | null;
  changed: string[] | null;
}

const VERSIONS = `query ($ref: String!) {
  protectiveOrder(reference: $ref) {
    versions { version eventType conditions { paragraph text } exclusionZones { description postcode } powerOfArrest changed }
  }
}`;

/**
 * A variation replaces an order's terms; what the order said before stays readable, version by version,
 * with what each version changed — and an earlier version's wording is withheld from another force
 * exactly as the order's own is.
 */
describe('order versions with their content (real Kafka + PostgreSQL)', () => {
  let hub: Hub;

  beforeAll(async () => {
    hub = await startTestHub();
  });

  afterAll(async () => {
    await hub.stop();
  });

  it('should show what the order said before its variation, and what the variation changed', async () => {
    const area = uniquePoliceArea();
    const order = nonMolestationOrder({ policeForce: area });
    const granted = order.granted as { court: unknown; caseNumber: string; messageId: string };
    const variation = {
      messageType: 'ORDER_VARIED',
      messageId: `${granted.messageId}-V1`,
      version: 1,
      court: granted.court,
      caseNumber: granted.caseNumber,
      orderNumber: '1',
      changedOn: '2026-11-25T11:00:00Z',
      variationNumber: 1,
      terms: [
        {
          paragraph: '1',
          code: 'EXCLUSION_ZONE',
          text: 'The respondent must not go within 200 metres of 3 Refuge Row, Leeds LS1 1AA.',
        },
      ],
      reason: 'Varied on application',
    };
    for (const message of [order.granted, variation]) {
      expect((await postRecord(hub, 'family-court-orders', JSON.stringify(message))).status).toBe(202);
    }
    const versionsFor = async (caller: ReturnType<typeof officerOf>) => {
      const answer = await graphql<{ protectiveOrder: { versions: Version[] } | null }>(
        hub,
        VERSIONS,
        { ref: order.orderRef },
        caller,
      );
      expect(answer.errors).toBeUndefined();
      return answer.data!.protectiveOrder!.versions;
    };
    const own = await expectEventually(async () => {
      const versions = await versionsFor(officerOf(area));
      expect(versions).toHaveLength(2);
      return versions;
    });
    expect(own[0]).toMatchObject({
      version: 1,
      eventType: 'uk.shieldline.court.order.granted.v1',
      conditions: [
        { paragraph: '1', text: 'The respondent must not use or threaten violence against the applicant.' },
        { paragraph: '2', text: 'The respondent must not contact the applicant by any means.' },
      ],
      exclusionZones: [],
    });
    expect(own[1]).toMatchObject({
      version: 2,
      eventType: 'uk.shieldline.court.order.varied.v1',
      conditions: [variation.terms[0]!].map((t) => ({ paragraph: t.paragraph, text: t.text })),
      exclusionZones: [{ description: variation.terms[0]!.text, postcode: 'LS1 1AA' }],
      changed: ['conditions', 'exclusionZones'],
    });

    // Another force, not entitled to this order's confidential address: the old and new wording alike
    // keep the place withheld.
    const other = await versionsFor(officerOf(uniquePoliceArea()));
    expect(JSON.stringify(other)).not.toMatch(/Refuge Row|LS1 1AA/);
  });
});
