import { diffOrderVersions, type DiffableVersion, VersionNotFound } from './order-version-diff';

const term = (paragraph: string, text: string, code: string | null = null) => ({ paragraph, code, text });
const zone = (description: string, postcode: string | null = null) => ({
  description,
  postcode,
  radiusMetres: null,
});

const versions: DiffableVersion[] = [
  {
    version: 1,
    conditions: [term('1', 'Must not contact the applicant.'), term('2', 'Must not go to 1 High Street.')],
    exclusionZones: [zone('1 High Street', 'LS1 1AA')],
    expiresAt: '2027-03-02T00:00:00.000Z',
    powerOfArrest: false,
    served: false,
    ended: null,
  },
  {
    version: 2,
    conditions: [
      term('1', 'Must not contact the applicant directly or indirectly.'),
      term('3', 'Must not go within 100 metres of Leeds General Infirmary.', 'EXCLUSION_ZONE'),
    ],
    exclusionZones: [zone('Leeds General Infirmary', 'LS1 3EX')],
    expiresAt: '2027-03-02T00:00:00Z',
    powerOfArrest: true,
    served: false,
    ended: null,
  },
  {
    version: 3,
    conditions: [
      term('1', 'Must not contact the applicant directly or indirectly.'),
      term('3', 'Must not go within 100 metres of Leeds General Infirmary.', 'EXCLUSION_ZONE'),
    ],
    exclusionZones: [zone('Leeds General Infirmary', 'LS1 3EX')],
    expiresAt: null,
    powerOfArrest: true,
    served: true,
    ended: null,
  },
];

describe('diffOrderVersions', () => {
  it('should show terms reworded, removed and added, matched by paragraph, and the zones with them', () => {
    const diff = diffOrderVersions(versions, 1, 2);
    expect(diff.contentKept).toBe(true);
    expect(diff.conditionsReworded).toEqual([
      {
        paragraph: '1',
        before: term('1', 'Must not contact the applicant.'),
        after: term('1', 'Must not contact the applicant directly or indirectly.'),
      },
    ]);
    expect(diff.conditionsRemoved).toEqual([term('2', 'Must not go to 1 High Street.')]);
    expect(diff.conditionsAdded).toEqual([
      term('3', 'Must not go within 100 metres of Leeds General Infirmary.', 'EXCLUSION_ZONE'),
    ]);
    expect(diff.exclusionZonesRemoved).toEqual([zone('1 High Street', 'LS1 1AA')]);
    expect(diff.exclusionZonesAdded).toEqual([zone('Leeds General Infirmary', 'LS1 3EX')]);
    expect(diff.powerOfArrest).toEqual({ before: false, after: true });
    // The same instant written two ways is no change.
    expect(diff.expiresAt).toBeNull();
    expect(diff.changed).toEqual(['conditions', 'exclusionZones', 'powerOfArrest']);
  });

  it('should diff any two versions, either way round, and show an end date becoming "until further order"', () => {
    const forward = diffOrderVersions(versions, 1, 3);
    expect(forward.expiresAt).toEqual({ before: new Date('2027-03-02T00:00:00Z'), after: null });
    expect(forward.served).toEqual({ before: false, after: true });
    const back = diffOrderVersions(versions, 3, 1);
    expect(back.conditionsAdded).toEqual([term('2', 'Must not go to 1 High Street.')]);
    expect(back.served).toEqual({ before: true, after: false });
    expect(diffOrderVersions(versions, 2, 2).changed).toEqual([]);
  });

  it('should pair identical terms first where a paragraph number repeats', () => {
    const diff = diffOrderVersions(
      [
        { version: 1, conditions: [term('1', 'A'), term('1', 'B')] },
        { version: 2, conditions: [term('1', 'B'), term('1', 'C'), term('1', 'D')] },
      ],
      1,
      2,
    );
    expect(diff.conditionsReworded).toEqual([
      { paragraph: '1', before: term('1', 'A'), after: term('1', 'C') },
    ]);
    expect(diff.conditionsAdded).toEqual([term('1', 'D')]);
    expect(diff.conditionsRemoved).toEqual([]);
  });

  it('should say so, and claim no change, when a version’s content was not kept', () => {
    const diff = diffOrderVersions([{ version: 1 }, versions[1]!], 1, 1 + 1);
    expect(diff.contentKept).toBe(false);
    expect(diff.changed).toEqual([]);
  });

  it('should refuse a version the order does not have, naming the ones it has', () => {
    expect(() => diffOrderVersions(versions, 1, 7)).toThrow(VersionNotFound);
    expect(() => diffOrderVersions(versions, 0, 2)).toThrow('its versions are 1–3');
  });
});
