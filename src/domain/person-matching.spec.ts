import { type MatchablePerson, scoreCandidate } from './person-matching';

const person = (overrides: Partial<MatchablePerson>): MatchablePerson => ({
  personId: 'a',
  givenName: 'Dan',
  familyName: 'Ashworth',
  dateOfBirth: '1988-09-30',
  pncId: null,
  croNumber: null,
  ...overrides,
});

describe('scoreCandidate', () => {
  it('should link a PNC record and a name + date of birth record, with the reason, but not merge them', () => {
    const score = scoreCandidate(person({ pncId: '2019/1K' }), person({ personId: 'b', givenName: 'DAN ' }));
    expect(score).toEqual(
      expect.objectContaining({
        basis: 'NAME_AND_DATE_OF_BIRTH',
        confident: true,
        parametersVersion: 'fs-v2',
      }),
    );
    expect(score!.reason).toMatch(/same surname.*same forenames.*same date.*: linked/);
    expect(score!.comparisons.map((c) => c.field)).toEqual([
      'PNC_ID',
      'CRO_NUMBER',
      'SURNAME',
      'FORENAMES',
      'DATE_OF_BIRTH',
      'ADDRESS',
    ]);
  });

  it('should never be confident when a record has no date of birth (court orders without DOB)', () => {
    const score = scoreCandidate(person({ pncId: '2019/1K' }), person({ personId: 'b', dateOfBirth: null }));
    expect(score?.basis).toBe('NAME_ONLY');
    expect(score!.confident).toBe(false);
    expect(score!.reason).toMatch(/no date of birth on one record/);
  });

  it('should not link other dates of birth, or other names, and never link different PNC ids', () => {
    expect(scoreCandidate(person({}), person({ personId: 'b', dateOfBirth: '1975-02-11' }))).toBeNull();
    expect(
      scoreCandidate(person({}), person({ personId: 'b', familyName: 'Okafor', givenName: 'Ngozi' })),
    ).toBeNull();
    expect(scoreCandidate(person({ pncId: '1' }), person({ personId: 'b', pncId: '2' }))?.confident).not.toBe(
      true,
    );
    expect(scoreCandidate(person({}), person({}))).toBeNull(); // the same record
  });

  it('should link the same CRO number and be symmetric', () => {
    const a = person({ croNumber: '123456/19A', pncId: '2019/1K' });
    const b = person({ personId: 'b', croNumber: '123456/19A', dateOfBirth: null });
    expect(scoreCandidate(a, b)?.basis).toBe('CRO_NUMBER');
    expect(scoreCandidate(a, b)?.confident).toBe(true);
    expect(scoreCandidate(a, b)?.matchWeight).toBe(scoreCandidate(b, a)?.matchWeight);
  });
});
