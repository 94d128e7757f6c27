import { type Hub } from '../../src/app';
import { nonMolestationOrder, uniquePoliceArea } from '../factories/family-court.factory';
import { expectEventually, graphql, officerOf, postRecord, startTestHub } from '../utils/test-hub';

interface Conflict {
  field: string;
  values: { value: string; sources: string[] }[];
}

/**
 * Two orders against one respondent (the same PNC id), the second spelling the surname differently: the
 * person is one record, and the disagreement is flagged on the field with each value and its source —
 * not only kept among the assertions.
 */
describe('conflicting assertions flagged on the field (real Kafka + PostgreSQL)', () => {
  let hub: Hub;

  beforeAll(async () => {
    hub = await startTestHub();
  });

  afterAll(async () => {
    await hub.stop();
  });

  it('should flag a surname two sources spell differently, and nothing they agree on', async () => {
    const area = uniquePoliceArea();
    const first = nonMolestationOrder({ policeForce: area });
    const respondent = { ...first.respondent, surname: `Mc${first.respondent.surname}` };
    const second = nonMolestationOrder({ policeForce: area });
    const firstGranted = { ...first.granted, respondent };
    const secondGranted = {
      ...second.granted,
      respondent: { ...respondent, surname: `Mac${first.respondent.surname}` },
    };
    for (const message of [firstGranted, secondGranted]) {
      expect((await postRecord(hub, 'family-court-orders', JSON.stringify(message))).status).toBe(202);
    }
    const query = `query ($pnc: String!) {
      searchPeople(pncId: $pnc) { person { conflicts { field values { value sources } } protectiveOrders { reference } } }
    }`;
    const person = await expectEventually(async () => {
      const answer = await graphql<{
        searchPeople: { person: { conflicts: Conflict[]; protectiveOrders: { reference: string }[] } }[];
      }>(hub, query, { pnc: respondent.pncId }, officerOf(area));
      expect(answer.errors).toBeUndefined();
      expect(answer.data!.searchPeople).toHaveLength(1);
      expect(answer.data!.searchPeople[0]!.person.protectiveOrders).toHaveLength(2);
      return answer.data!.searchPeople[0]!.person;
    });
    const source = 'urn:shieldline:connector:family-court-orders';
    expect(person.conflicts).toEqual([
      {
        field: 'familyName',
        values: expect.arrayContaining([
          { value: respondent.surname, sources: [source] },
          { value: `Mac${first.respondent.surname}`, sources: [source] },
        ]) as unknown,
      },
    ]);
  });
});
