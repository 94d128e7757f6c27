import { type Hub } from '../../src/app';
import { nonMolestationOrder, uniquePoliceArea, uniqueToken } from '../factories/family-court.factory';
import {
  expectEventually,
  graphql,
  officerOf,
  ownDatabase,
  postRecord,
  startTestHub,
} from '../utils/test-hub';
import { type ShieldlineClaims } from '../../src/security/identity';
import { rebuildProjections } from '../../src/projection/rebuild';

interface Match {
  mergedRecords: string[];
  linkDecisions: { decision: string; reason: string; decidedBy: string }[];
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
  matchedOn confident matchWeight reason parametersVersion comparisons { field level weight }
  mergedRecords linkDecisions { decision reason decidedBy }`;

const DECIDE = `mutation ($p: ID!, $o: ID!, $d: LinkVerdict!, $r: String!) {
  decidePersonLink(personId: $p, otherPersonId: $o, decision: $d, reason: $r) { id personIds decision reason decidedBy policeArea }
}`;

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

  // A database of its own: the last test rebuilds the projections (see ownDatabase).
  let database: Awaited<ReturnType<typeof ownDatabase>>;

  beforeAll(async () => {
    database = await ownDatabase();
    hub = await startTestHub({ DATABASE_URL: database.url });
    for (const { granted } of Object.values(orders)) {
      expect((await postRecord(hub, 'family-court-orders', JSON.stringify(granted))).status).toBe(202);
    }
  });

  afterAll(async () => {
    await hub?.stop();
    await database?.drop();
  });

  /** The search for the first spelling; until the four orders are projected, then as it stands. */
  let expected = 4;
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
      expect(answer.data!.searchPeople).toHaveLength(expected);
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
    expect(variant.parametersVersion).toBe('fs-v2');
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

  describe('addresses: a shared address is evidence, a confidential address never is', () => {
    const movedSurname = `Ashcombe${token}`;
    const home = { line1: '14 Chapel Street', postcode: 'LS6 3QT' };
    const keyedAt = (respondent: Record<string, unknown>) => {
      const order = nonMolestationOrder({ policeForce: area });
      return { ...order, granted: { ...order.granted, respondent: { forenames: 'Daniel', ...respondent } } };
    };
    const pncId = nonMolestationOrder().respondent.pncId;
    const own = keyedAt({
      surname: `Mc${movedSurname}`,
      dateOfBirth: '1979-06-21',
      pncId,
      address: home,
      addressConfidential: false,
    });
    // Mc/Mac and a digit of the date off: a candidate on the names and date alone.
    const sameHome = keyedAt({
      surname: `Mac${movedSurname}`,
      dateOfBirth: '1979-06-24',
      address: { line1: '14, Chapel St', postcode: 'ls63qt' },
      addressConfidential: false,
    });
    const refuge = keyedAt({
      surname: `Mac${movedSurname}`,
      dateOfBirth: '1979-06-27',
      address: home,
      addressConfidential: true,
    });

    beforeAll(async () => {
      for (const order of [own, sameHome, refuge])
        expect((await postRecord(hub, 'family-court-orders', JSON.stringify(order.granted))).status).toBe(
          202,
        );
    });

    it('should link the record at the same address, however keyed, and never use the confidential one', async () => {
      const matches = await expectEventually(async () => {
        const answer = await graphql<{ searchPeople: { person: { possibleMatches: Match[] } }[] }>(
          hub,
          `query ($pnc: String!) { searchPeople(pncId: $pnc) { person { possibleMatches { ${MATCH_FIELDS} comparisons { detail } } } } }`,
          { pnc: pncId },
          officerOf(area),
        );
        expect(answer.errors).toBeUndefined();
        const possible = answer.data!.searchPeople[0]!.person.possibleMatches;
        expect(possible.map((m) => m.person.protectiveOrders[0]?.reference).sort()).toEqual(
          [sameHome.orderRef, refuge.orderRef].sort(),
        );
        return possible;
      });
      const atHome = holding(matches, sameHome.orderRef);
      expect(atHome.confident).toBe(true);
      expect(levelOf(atHome, 'ADDRESS')).toBe('SAME_ADDRESS');
      const atRefuge = holding(matches, refuge.orderRef);
      expect(atRefuge.confident).toBe(false);
      expect(levelOf(atRefuge, 'ADDRESS')).toBe('MISSING');
      // The reason says what agreed, never where anyone lives.
      expect(JSON.stringify(matches)).not.toMatch(/LS6 ?3QT|Chapel/i);
    });
  });

  describe('review: a supervisor confirms or rejects a link, and it overrides the score', () => {
    const supervisor = (): ShieldlineClaims => ({
      ...officerOf(area),
      sub: 'sgt-review',
      roles: ['supervisor'],
    });
    const decide = (p: string, o: string, d: string, r: string, as: ShieldlineClaims = supervisor()) =>
      graphql<{
        decidePersonLink: { personIds: string[]; decision: string; decidedBy: string; policeArea: string };
      }>(hub, DECIDE, { p, o, d, r }, as);

    it('should queue the area’s undecided candidates for its reviewers, oldest first, and no one else', async () => {
      const matches = await search();
      const nameOnly = holding(matches, orders.noDate.orderRef).person.id;
      const own = holding(matches, orders.own.orderRef).person.id;
      const queue = async (as: ShieldlineClaims, policeArea = area) =>
        graphql<{
          personLinkReviewQueue: { person: { id: string }; candidate: Match; waitingSince: string }[];
        }>(
          hub,
          `query ($a: String!) { personLinkReviewQueue(policeArea: $a) { person { id } candidate { ${MATCH_FIELDS} } waitingSince } }`,
          { a: policeArea },
          as,
        );
      // The link scorer queues the pair once it has scored the batch that wrote the later record.
      const { items, pairs } = await expectEventually(async () => {
        const answer = await queue(supervisor());
        expect(answer.errors).toBeUndefined();
        const listed = answer.data!.personLinkReviewQueue;
        const keys = listed.map((i) => [i.person.id, i.candidate.person.id].sort().join('|'));
        expect(keys).toContain([own, nameOnly].sort().join('|'));
        return { items: listed, pairs: keys };
      });
      expect(new Set(pairs).size).toBe(pairs.length);
      expect(items.every((i) => !i.candidate.confident)).toBe(true);
      const waiting = items.map((i) => Date.parse(i.waitingSince));
      expect(waiting).toEqual([...waiting].sort((a, b) => a - b));
      expect((await queue(officerOf(area))).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect((await queue(supervisor(), 'ZZ')).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    });

    it('should refuse an attending officer, a decision without a reason, and a person it cannot see', async () => {
      const matches = await search();
      const [own, swapped] = [orders.own.orderRef, orders.swappedDate.orderRef].map(
        (r) => holding(matches, r).person.id,
      );
      const officer = await decide(own!, swapped!, 'SAME_PERSON', 'looks like him', officerOf(area));
      expect(officer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      const noReason = await decide(own!, swapped!, 'SAME_PERSON', '   ');
      expect(noReason.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      const self = await decide(own!, own!, 'SAME_PERSON', 'same');
      expect(self.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      const unknown = await decide(own!, '00000000-0000-4000-8000-000000000000', 'SAME_PERSON', 'checked');
      expect(unknown.errors?.[0]?.message).toMatch(/no person with one of these ids is known to you/);
      // Nothing was decided: the swap is still scored, not merged.
      expect(holding(await search(), orders.swappedDate.orderRef).mergedRecords).toEqual([]);
    });

    it('should merge a confirmed record into the person: one entry, both orders', async () => {
      const matches = await search();
      const own = holding(matches, orders.own.orderRef);
      const swapped = holding(matches, orders.swappedDate.orderRef);
      const decided = await decide(
        own.person.id,
        swapped.person.id,
        'SAME_PERSON',
        'DOB keyed day-first; custody photo matches',
      );
      expect(decided.errors).toBeUndefined();
      expect(decided.data!.decidePersonLink).toEqual(
        expect.objectContaining({ decision: 'SAME_PERSON', decidedBy: 'sgt-review', policeArea: area }),
      );
      expected = 3; // the swapped record is now part of the first
      const after = await search();
      const merged = after.find((m) => m.person.id === own.person.id)!;
      expect(merged.mergedRecords).toEqual([swapped.person.id]);
      expect(merged.person.protectiveOrders.map((o) => o.reference).sort()).toEqual(
        [orders.own.orderRef, orders.swappedDate.orderRef].sort(),
      );
      expect(merged.linkDecisions[0]).toEqual(
        expect.objectContaining({
          decision: 'SAME_PERSON',
          reason: 'DOB keyed day-first; custody photo matches',
        }),
      );
      expect(after.some((m) => m.person.id === swapped.person.id)).toBe(false);
    });

    it('should never offer a rejected record again, and a later decision reverses an earlier one', async () => {
      const matches = await search();
      const own = holding(matches, orders.own.orderRef);
      const nameOnly = holding(matches, orders.noDate.orderRef);
      expect(
        (
          await decide(
            own.person.id,
            nameOnly.person.id,
            'DIFFERENT_PEOPLE',
            'different man: older, other address',
          )
        ).errors,
      ).toBeUndefined();
      const possible = async () =>
        (
          await graphql<{ searchPeople: { person: { possibleMatches: Match[] } }[] }>(
            hub,
            `query ($pnc: String!) { searchPeople(pncId: $pnc) { person { possibleMatches { ${MATCH_FIELDS} } } } }`,
            { pnc: keyed.own.pncId },
            officerOf(area),
          )
        ).data!.searchPeople[0]!.person.possibleMatches;
      expect((await possible()).some((m) => m.person.id === nameOnly.person.id)).toBe(false);
      expected = 2; // rejected beside a confident match: not shown
      expect((await search()).some((m) => m.person.id === nameOnly.person.id)).toBe(false);
      // Undecided again: the score decides, and the name-only record is a candidate as before.
      expect(
        (await decide(own.person.id, nameOnly.person.id, 'UNDECIDED', 'rejected in error')).errors,
      ).toBeUndefined();
      const back = (await possible()).find((m) => m.person.id === nameOnly.person.id)!;
      expect(back.confident).toBe(false);
      expect(back.linkDecisions[0]?.decision).toBe('UNDECIDED');
      expected = 3;
      expect((await search()).some((m) => m.person.id === nameOnly.person.id)).toBe(true);
      // And rejected again, for the replay below.
      expect(
        (await decide(own.person.id, nameOnly.person.id, 'DIFFERENT_PEOPLE', 'checked twice')).errors,
      ).toBeUndefined();
      expected = 2;
    });

    it('should keep every decision through a rebuild of the projections', async () => {
      const before = await search();
      await rebuildProjections(hub.dataSource);
      const after = await search();
      expect(after.map((m) => [m.person.id, m.mergedRecords])).toEqual(
        before.map((m) => [m.person.id, m.mergedRecords]),
      );
      expect(
        after.some((m) => m.person.protectiveOrders.some((o) => o.reference === orders.noDate.orderRef)),
      ).toBe(false);
    });
  });
});
