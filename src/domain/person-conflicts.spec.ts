import { type PersonAssertionRecord } from './read-records';
import { conflictsAmong } from './person-conflicts';

const assertion = (source: string, over: Partial<PersonAssertionRecord>): PersonAssertionRecord =>
  ({
    eventId: `${source}-e`,
    personId: 'p',
    role: 'respondent',
    source,
    givenName: 'Sam',
    familyName: 'MacDonald',
    dateOfBirth: '1985-06-07',
    pncId: null,
    croNumber: null,
    address: null,
    addressConfidential: false,
    assertedAt: null,
    receivedAt: new Date(0),
    ...over,
  }) as PersonAssertionRecord;

describe('conflicting assertions about one person', () => {
  it('should flag each field the sources disagree on, with who said what', () => {
    const conflicts = conflictsAmong([
      assertion('urn:shieldline:connector:police-records', {
        familyName: 'McDonald',
        pncId: '2015/1234567X',
      }),
      assertion('urn:shieldline:connector:family-court-orders', { dateOfBirth: '1985-07-06' }),
      assertion('urn:shieldline:connector:criminal-court-results', {}),
    ]);
    expect(conflicts).toEqual([
      {
        field: 'familyName',
        values: [
          { value: 'McDonald', sources: ['urn:shieldline:connector:police-records'] },
          {
            value: 'MacDonald',
            sources: [
              'urn:shieldline:connector:family-court-orders',
              'urn:shieldline:connector:criminal-court-results',
            ],
          },
        ],
      },
      {
        field: 'dateOfBirth',
        values: [
          {
            value: '1985-06-07',
            sources: [
              'urn:shieldline:connector:police-records',
              'urn:shieldline:connector:criminal-court-results',
            ],
          },
          { value: '1985-07-06', sources: ['urn:shieldline:connector:family-court-orders'] },
        ],
      },
    ]);
  });

  it('should not call a missing value, or a difference of case and spacing, a conflict', () => {
    expect(
      conflictsAmong([
        assertion('a', { familyName: 'MACDONALD ', dateOfBirth: null }),
        assertion('b', { familyName: 'macdonald' }),
      ]),
    ).toEqual([]);
  });

  it('should compare only what the caller was given: a withheld address is no conflict', () => {
    expect(
      conflictsAmong([
        assertion('a', { address: { line1: '1 A St', line2: null, town: null, postcode: 'LS1 1AA' } }),
        assertion('b', { address: null }),
      ]),
    ).toEqual([]);
  });
});
