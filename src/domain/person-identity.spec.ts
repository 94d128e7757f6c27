import { type PartyData } from './canonical-events';
import { nameKey, resolvePersonIdentity } from './person-identity';

const party = (over: Partial<PartyData>): PartyData => ({
  name: { given: 'Daniel', family: 'Ashworth' },
  dateOfBirth: null,
  pncId: null,
  address: null,
  addressConfidential: true,
  ...over,
});

describe('resolvePersonIdentity', () => {
  const ctx = { eventId: 'e1', role: 'respondent' };

  it('should match exactly on PNC id whatever the name says', () => {
    const a = resolvePersonIdentity(party({ pncId: '2019/0456712K' }), ctx);
    const b = resolvePersonIdentity(
      party({ pncId: '2019/0456712K', name: { given: 'Dan', family: 'Ash' } }),
      ctx,
    );
    expect(a).toEqual(b);
    expect(a.basis).toBe('PNC_ID');
  });

  it('should match on normalised name and date of birth', () => {
    const a = resolvePersonIdentity(party({ dateOfBirth: '1988-09-30' }), ctx);
    const b = resolvePersonIdentity(
      party({ dateOfBirth: '1988-09-30', name: { given: ' daniel ', family: 'ASHWORTH' } }),
      { eventId: 'e2', role: 'respondent' },
    );
    expect(a).toEqual(b);
    expect(a.basis).toBe('NAME_AND_DATE_OF_BIRTH');
  });

  it('should never merge two parties that lack both PNC id and date of birth', () => {
    const a = resolvePersonIdentity(party({}), { eventId: 'e1', role: 'respondent' });
    const b = resolvePersonIdentity(party({}), { eventId: 'e2', role: 'respondent' });
    expect(a.personId).not.toBe(b.personId);
    expect(a.basis).toBe('UNMATCHED');
  });

  it('should fold accents, case and punctuation in name keys', () => {
    expect(nameKey('Zoë', "O'Brien")).toBe(nameKey('ZOE', 'O Brien'));
  });
});
