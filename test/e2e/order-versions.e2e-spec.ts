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

const DIFF = `query ($ref: String!, $from: Int!, $to: Int!) {
  protectiveOrder(reference: $ref) {
    versionDiff(from: $from, to: $to) {
      fromVersion toVersion contentKept changed
      conditionsAdded { paragraph text } conditionsRemoved { paragraph text }
      conditionsReworded { paragraph before { text } after { text code } }
      exclusionZonesAdded { description postcode } exclusionZonesRemoved { description }
      expiresAt { before after } powerOfArrest { before after } served { before after }
    }
  }
}`;

const CONFLICTS = `query ($ref: String!) {
  protectiveOrder(reference: $ref) { expiresAt conflicts { field values { value sources } } }
}`;

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

    // The diff between the two versions, term by term, for the order's own force…
    const diffFor = async (caller: ReturnType<typeof officerOf>, from: number, to: number) =>
      graphql<{ protectiveOrder: { versionDiff: Record<string, unknown> } | null }>(
        hub,
        DIFF,
        { ref: order.orderRef, from, to },
        caller,
      );
    const diff = await diffFor(officerOf(area), 1, 2);
    expect(diff.errors).toBeUndefined();
    expect(diff.data!.protectiveOrder!.versionDiff).toEqual({
      fromVersion: 1,
      toVersion: 2,
      contentKept: true,
      changed: ['conditions', 'exclusionZones'],
      conditionsAdded: [],
      conditionsRemoved: [
        { paragraph: '2', text: 'The respondent must not contact the applicant by any means.' },
      ],
      conditionsReworded: [
        {
          paragraph: '1',
          before: { text: 'The respondent must not use or threaten violence against the applicant.' },
          after: { text: variation.terms[0]!.text, code: 'EXCLUSION_ZONE' },
        },
      ],
      exclusionZonesAdded: [{ description: variation.terms[0]!.text, postcode: 'LS1 1AA' }],
      exclusionZonesRemoved: [],
      expiresAt: null,
      powerOfArrest: null,
      served: null,
    });
    // …withheld from another force on both sides, as the versions are.
    const otherDiff = await diffFor(officerOf(uniquePoliceArea()), 2, 1);
    expect(otherDiff.errors).toBeUndefined();
    expect(JSON.stringify(otherDiff.data)).not.toMatch(/Refuge Row|LS1 1AA/);
    // A version the order does not have is the caller's mistake, named.
    const missing = await diffFor(officerOf(area), 1, 9);
    expect(missing.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(missing.errors?.[0]?.message).toContain('its versions are 1–2');
  });

  it('should flag the end date on which the family court and another feed disagree', async () => {
    const area = uniquePoliceArea();
    const order = nonMolestationOrder({ policeForce: area });
    const accepted = await postRecord(hub, 'family-court-orders', JSON.stringify(order.granted));
    expect(accepted.status).toBe(202);
    const [grantId] = (accepted.body.events as { id: string }[]).map((e) => e.id);
    const stored = await expectEventually(async () => {
      const [row] = await hub.dataSource.query<{ envelope: string }[]>(
        'SELECT envelope::text AS envelope FROM event_store WHERE event_id = $1',
        [grantId],
      );
      expect(row).toBeDefined();
      return JSON.parse(row!.envelope) as { data: Record<string, unknown>; time: string };
    });
    // The same order, as another system asserts it: made until further order.
    const elsewhere = {
      recordId: `ELSEWHERE-${order.orderRef}`,
      recordVersion: '1',
      type: 'uk.shieldline.court.order.granted.v1',
      occurredAt: stored.time,
      data: { ...stored.data, expiresAt: null },
    };
    expect((await postRecord(hub, 'shieldline-events', JSON.stringify(elsewhere))).status).toBe(202);
    const answer = await expectEventually(async () => {
      const result = await graphql<{
        protectiveOrder: { conflicts: { field: string; values: { value: string; sources: string[] }[] }[] };
      }>(hub, CONFLICTS, { ref: order.orderRef }, officerOf(area));
      expect(result.errors).toBeUndefined();
      expect(result.data!.protectiveOrder.conflicts).toHaveLength(1);
      return result.data!.protectiveOrder;
    });
    expect(answer.conflicts[0]!.field).toBe('expiresAt');
    expect(answer.conflicts[0]!.values).toEqual(
      expect.arrayContaining([
        { value: String(stored.data.expiresAt), sources: ['family-court-orders'] },
        { value: 'until further order', sources: ['shieldline-events'] },
      ]),
    );
  });
});
