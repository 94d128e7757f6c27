import { type Hub } from '../../src/app';
import { nonMolestationOrder, uniquePoliceArea, uniqueToken } from '../factories/family-court.factory';
import { expectEventually, graphql, officerOf, postRecord, startTestHub } from '../utils/test-hub';

interface Match {
  person: {
    id: string;
    familyName: string;
    dateOfBirth: string | null;
    protectiveOrders: { reference: string }[];
  };
  matchedOn: string;
  confident: boolean;
  matchWeight: number;
  reason: string;
  parametersVersion: string;
  comparisons: { field: string; level: string; weight: number }[];
}

const MATCH_FIELDS = `person { id familyName dateOfBirth protectiveOrders { reference } }
  matchedOn confident matchWeight reason parametersVersion comparisons { field level weight }`;

const levelOf = (m: Match, field: string) => m.comparisons.find((c) => c.field === field)?.level;

/**
 * Scored person linkage through the real broker and database (docs/person-linkage.md). Four family
 * court orders against one man, each keyed as a different court or clerk might: his own record (with a
 * PNC id), MacDonald for McDonald, day and month of birth swapped, and no date of birth at all. The
 * exact rules keep them four people; an officer searching the first spelling sees all four orders —
 * the variant linked, the swap found with its evidence, the name-only record never confidently.
 */
describe('person linkage: an officer’s search finds the same man keyed four ways (real Kafka + PostgreSQL)', () => {
  let hub: Hub;
  const area = uniquePoliceArea();
  const token = uniqueToken();
  const surname = `McKavanagh${token}`;
  const dateOfBirth = '1984-03-11';
  const keyed = {
    own: { surname, dateOfBirth, pncId: nonMolestationOrder().respondent.pncId },
    macVariant: { surname: `MacKavanagh${token}`, dateOfBirth },
    swappedDate: { surname, dateOfBirth: '1984-11-03' },
    noDate: { surname },
  };
  const orders = Object.fromEntries(
    Object.entries(keyed).map(([name, respondent]) => {
      const order = nonMolestationOrder({ policeForce: area });
      const granted = { ...order.granted, respondent: { forenames: 'Daniel', ...respondent } };
      return [name, { orderRef: order.orderRef, granted }];
    }),
  ) as unknown as Record<keyof typeof keyed, { orderRef: string; granted: Record<string, unknown> }>;

  beforeAll(async () => {
    hub = await startTestHub();
    for (const { granted } of Object.values(orders)) {
      expect((await postRecord(hub, 'family-court-orders', JSON.stringify(granted))).status).toBe(202);
    }
  });

  afterAll(async () => {
    await hub.stop();
  });

  async function search(): Promise<Match[]> {
    return expectEventually(async () => {
      const answer = await graphql<{ searchPeople: Match[] }>(
        hub,
        `query ($f: String!, $g: String, $d: LocalDate!) {
          searchPeople(familyName: $f, givenName: $g, dateOfBirth: $d) { ${MATCH_FIELDS} }
        }`,
        { f: surname, g: 'Daniel', d: dateOfBirth },
        officerOf(area),
      );
      expect(answer.errors).toBeUndefined();
      expect(answer.data!.searchPeople).toHaveLength(4);
      return answer.data!.searchPeople;
    });
  }

  const holding = (matches: Match[], orderRef: string) =>
    matches.find((m) => m.person.protectiveOrders.some((o) => o.reference === orderRef))!;

  it('should link the record as keyed and MacDonald for McDonald, each with its orders', async () => {
    const matches = await search();
    const own = holding(matches, orders.own.orderRef);
    const variant = holding(matches, orders.macVariant.orderRef);
    expect(own).toEqual(expect.objectContaining({ confident: true, matchedOn: 'NAME_AND_DATE_OF_BIRTH' }));
    expect(variant.confident).toBe(true);
    expect(variant.person.familyName).toBe(`MacKavanagh${token}`);
    expect(levelOf(variant, 'SURNAME')).toBe('VARIANT');
    expect(levelOf(variant, 'DATE_OF_BIRTH')).toBe('EXACT');
    expect(variant.reason).toMatch(/one name written two ways/);
    expect(variant.parametersVersion).toBe('fs-v1');
    // Linked ones first, the strongest first.
    expect(matches.slice(0, 2).every((m) => m.confident)).toBe(true);
    expect(own.matchWeight).toBeGreaterThan(variant.matchWeight);
  });

  it('should find a day and month swapped, with the order it holds, and show the swap as its evidence', async () => {
    const swapped = holding(await search(), orders.swappedDate.orderRef);
    expect(levelOf(swapped, 'DATE_OF_BIRTH')).toBe('DAY_MONTH_SWAPPED');
    expect(swapped.person.dateOfBirth).toBe('1984-11-03');
    expect(swapped.matchWeight).toBeGreaterThan(0);
  });

  it('should never confidently link the court record with no date of birth, and say why', async () => {
    const nameOnly = holding(await search(), orders.noDate.orderRef);
    expect(nameOnly).toEqual(expect.objectContaining({ confident: false, matchedOn: 'NAME_ONLY' }));
    expect(levelOf(nameOnly, 'DATE_OF_BIRTH')).toBe('MISSING');
    expect(nameOnly.reason).toMatch(/never linked on a name alone/);
  });

  it('should offer the same records as possible matches of the person, scored the same way', async () => {
    const own = holding(await search(), orders.own.orderRef);
    const answer = await graphql<{ searchPeople: { person: { possibleMatches: Match[] } }[] }>(
      hub,
      `query ($pnc: String!) { searchPeople(pncId: $pnc) { person { possibleMatches { ${MATCH_FIELDS} } } } }`,
      { pnc: keyed.own.pncId },
      officerOf(area),
    );
    expect(answer.errors).toBeUndefined();
    const possible = answer.data!.searchPeople[0]!.person.possibleMatches;
    expect(possible.map((m) => m.person.id)).not.toContain(own.person.id);
    expect(holding(possible, orders.macVariant.orderRef).confident).toBe(true);
    expect(levelOf(holding(possible, orders.swappedDate.orderRef), 'DATE_OF_BIRTH')).toBe(
      'DAY_MONTH_SWAPPED',
    );
    expect(holding(possible, orders.noDate.orderRef).confident).toBe(false);
  });

  it('should not offer someone else who shares only the date of birth', async () => {
    const answer = await graphql<{ searchPeople: Match[] }>(
      hub,
      `query ($d: LocalDate!) { searchPeople(familyName: "Okonkwo-Whitfield", givenName: "Grace", dateOfBirth: $d) { ${MATCH_FIELDS} } }`,
      { d: dateOfBirth },
      officerOf(area),
    );
    expect(answer.errors).toBeUndefined();
    expect(answer.data!.searchPeople).toEqual([]);
  });
});
