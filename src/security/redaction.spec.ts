import { ADDRESS_WITHHELD, redactAddresses } from './redaction';

describe('address redaction in free text', () => {
  it.each([
    [
      'Not to go within 100 metres of 14 Harrow Close, Leeds LS6 2QT',
      `Not to go within 100 metres of ${ADDRESS_WITHHELD}`,
    ],
    ['Not to enter the street 22B Mill Lane, Bradford', `Not to enter the street ${ADDRESS_WITHHELD}`],
    [
      'Not to contact her at Flat 3, 9 Kirkgate or at LS1 1AA',
      `Not to contact her at ${ADDRESS_WITHHELD} or at ${ADDRESS_WITHHELD}`,
    ],
    ['Reside at ls61aa', `Reside at ${ADDRESS_WITHHELD}`],
    [
      'Not to contact the applicant directly or indirectly',
      'Not to contact the applicant directly or indirectly',
    ],
    [
      'Curfew 19:00 to 07:00; report to Leeds police station on Mondays',
      'Curfew 19:00 to 07:00; report to Leeds police station on Mondays',
    ],
  ])('%s', (text, expected) => {
    expect(redactAddresses(text)).toBe(expected);
  });

  it('should remove the record’s own address lines wherever they appear, in any case', () => {
    const known = [{ line1: 'The Old Vicarage', town: 'Otley', postcode: 'LS21 3AB' }];
    expect(redactAddresses('Keep away from the old vicarage', known)).toBe(
      `Keep away from ${ADDRESS_WITHHELD}`,
    );
  });
});
