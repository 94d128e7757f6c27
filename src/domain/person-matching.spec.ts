import { CONFIDENT_MATCH, isConfident, type MatchablePerson, scoreCandidate } from './person-matching';

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
  it('should link a PNC record and a name + date of birth record confidently, but not merge them', () => {
    const score = scoreCandidate(person({ pncId: '2019/1K' }), person({ personId: 'b', givenName: 'DAN ' }));
    expect(score).toEqual(expect.objectContaining({ basis: 'NAME_AND_DATE_OF_BIRTH', confidence: 0.85 }));
    expect(isConfident(score!)).toBe(true);
  });

  it('should never be confident when a record has no date of birth (court orders without DOB)', () => {
    const score = scoreCandidate(person({ pncId: '2019/1K' }), person({ personId: 'b', dateOfBirth: null }));
    expect(score?.basis).toBe('NAME_ONLY');
    expect(score!.confidence).toBeLessThan(CONFIDENT_MATCH);
    expect(score!.reason).toMatch(/no date of birth/);
  });

  it('should not link different dates of birth, different PNC ids or different names', () => {
    expect(scoreCandidate(person({}), person({ personId: 'b', dateOfBirth: '1988-10-01' }))).toBeNull();
    expect(scoreCandidate(person({ pncId: '1' }), person({ personId: 'b', pncId: '2' }))).toBeNull();
    expect(scoreCandidate(person({}), person({ personId: 'b', familyName: 'Ashwood' }))).toBeNull();
  });

  it('should link the same CRO number above the threshold and be symmetric', () => {
    const a = person({ croNumber: '123456/19A', pncId: '2019/1K' });
    const b = person({ personId: 'b', croNumber: '123456/19A', familyName: 'Other', dateOfBirth: null });
    expect(scoreCandidate(a, b)).toEqual(scoreCandidate(b, a));
    expect(scoreCandidate(a, b)?.basis).toBe('CRO_NUMBER');
  });
});
