import {
  compactPostcode,
  compareDateOfBirth,
  compareForenames,
  compareAddresses,
  addressKey,
  compareRecords,
  compareSurname,
  dateOfBirthVariants,
  type LinkageRecord,
} from './comparisons';
import { areNicknames, canonicalSurname, jaroWinkler } from './name-forms';

const record = (over: Partial<LinkageRecord> = {}): LinkageRecord => ({
  givenName: 'Daniel',
  familyName: 'Ashworth',
  dateOfBirth: '1988-09-03',
  pncId: null,
  croNumber: null,
  ...over,
});

describe('name forms', () => {
  it('should write Mc/Mac/M’, O’/O and the joins of a barrelled surname one way', () => {
    expect(canonicalSurname('McDonald')).toBe(canonicalSurname('MacDonald'));
    expect(canonicalSurname("M'Donald")).toBe(canonicalSurname('MACDONALD'));
    expect(canonicalSurname("O'Brien")).toBe(canonicalSurname('OBrien'));
    expect(canonicalSurname('O’Brien')).toBe(canonicalSurname('O Brien'));
    expect(canonicalSurname('Smith-Jones')).toBe(canonicalSurname('Smith Jones'));
    expect(canonicalSurname('De Souza')).toBe(canonicalSurname('DeSouza'));
    // Mack is a name, not Mc + k; Macey is Mac + ey only when followed by a letter — both stay distinct
    // from other names.
    expect(canonicalSurname('Mack')).not.toBe(canonicalSurname('Mc'));
    expect(canonicalSurname('Müller')).toBe('muller');
  });

  it('should know common short forms, both ways, and not link two full names through one', () => {
    expect(areNicknames('bill', 'william')).toBe(true);
    expect(areNicknames('william', 'bill')).toBe(true);
    expect(areNicknames('sam', 'samantha')).toBe(true);
    expect(areNicknames('samuel', 'samantha')).toBe(false);
    expect(areNicknames('daniel', 'daniel')).toBe(false);
    expect(areNicknames('zed', 'william')).toBe(false);
  });

  it('should give the textbook Jaro–Winkler values', () => {
    expect(jaroWinkler('martha', 'marhta')).toBeCloseTo(0.961, 3);
    expect(jaroWinkler('dwayne', 'duane')).toBeCloseTo(0.84, 2);
    expect(jaroWinkler('dixon', 'dicksonx')).toBeCloseTo(0.813, 3);
    expect(jaroWinkler('abc', 'xyz')).toBe(0);
    expect(jaroWinkler('', '')).toBe(0);
  });
});

describe('surname levels', () => {
  const level = (a: string, b: string, phonetic?: [string, string]) =>
    compareSurname(
      record({ familyName: a, phonetic: phonetic ? { family: phonetic[0], given: 'TNL' } : null }),
      record({ familyName: b, phonetic: phonetic ? { family: phonetic[1], given: 'TNL' } : null }),
    ).level;

  it('should grade each kind of difference', () => {
    expect(level('Ashworth', 'ASHWORTH ')).toBe('EXACT');
    expect(level('McDonald', 'MacDonald')).toBe('VARIANT');
    expect(level("O'Neill", 'ONeill')).toBe('EXACT'); // an apostrophe alone is not a difference
    expect(level("O'Neill", 'O Neill')).toBe('VARIANT');
    expect(level('Smith-Jones', 'Jones')).toBe('VARIANT');
    expect(level('Thompson', 'Tomson', ['TMPS', 'TMSN'])).toBe('SOUNDS_OR_SPELT_ALIKE'); // JW 0.93
    expect(level('Walker', 'Walters', ['ALKR', 'ALTR'])).toBe('SIMILAR'); // JW 0.89
    expect(level('Smyth', 'Smith', ['SM0', 'SM0'])).toBe('SOUNDS_OR_SPELT_ALIKE');
    expect(level('Ashworth', 'Ashwroth')).toBe('SOUNDS_OR_SPELT_ALIKE'); // spelt alike: JW ≥ 0.92 without codes
    expect(level('Ashworth', 'Okafor')).toBe('DISAGREE');
    expect(level('Ashworth', '  ')).toBe('MISSING');
  });

  it('should see a forename and surname written the other way round', () => {
    const a = record({ givenName: 'Kwame', familyName: 'Mensah' });
    const b = record({ givenName: 'Mensah', familyName: 'Kwame' });
    expect(compareSurname(a, b).level).toBe('SWAPPED_WITH_FORENAMES');
    expect(compareForenames(a, b).level).toBe('COUNTED_WITH_SURNAME');
  });
});

describe('forename levels', () => {
  const level = (a: string, b: string) =>
    compareForenames(record({ givenName: a }), record({ givenName: b })).level;

  it('should grade each kind of difference', () => {
    expect(level('Daniel James', 'daniel  james')).toBe('EXACT');
    expect(level('Daniel James', 'Daniel')).toBe('ONE_FORENAME_AGREES');
    expect(level('Bill', 'William')).toBe('NICKNAME');
    expect(level('Jonathon', 'Jonathan')).toBe('SOUNDS_OR_SPELT_ALIKE');
    expect(level('D', 'Daniel')).toBe('INITIAL');
    expect(level('D.', 'Daniel')).toBe('INITIAL');
    expect(level('Sarah', 'Daniel')).toBe('DISAGREE');
    expect(level('', 'Daniel')).toBe('MISSING');
  });
});

describe('date of birth levels', () => {
  const level = (a: string | null, b: string | null) =>
    compareDateOfBirth(record({ dateOfBirth: a }), record({ dateOfBirth: b })).level;

  it('should grade each kind of difference, and a missing date as no evidence', () => {
    expect(level('1988-09-03', '1988-09-03')).toBe('EXACT');
    expect(level('1988-09-03', '1988-03-09')).toBe('DAY_MONTH_SWAPPED');
    expect(level('1988-09-03', '1988-09-08')).toBe('ONE_DIGIT_OFF');
    expect(level('1988-09-03', '1989-09-03')).toBe('ONE_DIGIT_OFF');
    expect(level('1988-09-03', '1988-01-27')).toBe('SAME_YEAR');
    expect(level('1988-09-03', '1975-02-11')).toBe('DISAGREE');
    expect(level(null, '1988-09-03')).toBe('MISSING');
    expect(level('03/09/1988', '1988-09-03')).toBe('MISSING'); // not a date this compares: no evidence
  });

  it('should list the dates a block looks under: the date, its swap, every valid date a digit away', () => {
    const variants = dateOfBirthVariants('1988-09-03');
    expect(variants).toEqual(
      expect.arrayContaining(['1988-09-03', '1988-03-09', '1988-09-08', '1989-09-03']),
    );
    expect(variants).not.toContain('1988-09-33');
    expect(variants).not.toContain('1988-19-03');
    expect(dateOfBirthVariants('1988-02-29')).not.toContain('1988-02-39');
    expect(dateOfBirthVariants('not a date')).toEqual([]);
  });
});

describe('identifiers', () => {
  it('should agree, disagree, or be missing', () => {
    const levels = (a: Partial<LinkageRecord>, b: Partial<LinkageRecord>) =>
      compareRecords(record(a), record(b))
        .filter((c) => c.field === 'PNC_ID' || c.field === 'CRO_NUMBER')
        .map((c) => c.level);
    expect(levels({ pncId: '2019/0456712K' }, { pncId: '2019/0456712k ' })).toEqual(['AGREE', 'MISSING']);
    expect(levels({ pncId: '1' }, { pncId: '2' })).toEqual(['DISAGREE', 'MISSING']);
    expect(levels({ croNumber: '1/2A' }, {})).toEqual(['MISSING', 'MISSING']);
  });

  it('should be symmetric in every field', () => {
    const a = record({ givenName: 'Bill', familyName: "O'Brien", dateOfBirth: '1988-03-09', pncId: '1' });
    const b = record({ givenName: 'William', familyName: 'OBrien', pncId: '1', croNumber: '2/3B' });
    expect(compareRecords(a, b).map((c) => c.level)).toEqual(compareRecords(b, a).map((c) => c.level));
  });
});

describe('addresses', () => {
  /** Each address as "first line, postcode". */
  const keys = (list: string[] | null) =>
    list?.map((a) => {
      const [line1, postcode] = a.split(',');
      return addressKey(line1, postcode) ?? '';
    }) ?? null;
  const level = (a: string[] | null, b: string[] | null) =>
    compareAddresses(record({ addresses: keys(a) }), record({ addresses: keys(b) })).level;

  it('should compare the address, then whole postcode, sector and district, whatever the spacing and case', () => {
    expect(level(['12 Harehills Lane,LS9 6AA'], ['12 HAREHILLS LN.,ls96aa'])).toBe('SAME_ADDRESS');
    expect(level(['12 Harehills Lane,LS9 6AA'], ['14 Harehills Lane,LS9 6AA'])).toBe('SAME_POSTCODE');
    expect(level(['1 A Street,LS1 1AA'], ['2 B Road,LS1 1BD'])).toBe('SAME_SECTOR');
    expect(level(['1 A Street,LS1 1AA'], ['2 B Road,LS1 4BD'])).toBe('SAME_DISTRICT');
    // LS1 and LS12 are different districts, though one's letters begin the other's.
    expect(level(['1 A Street,LS1 2AA'], ['1 A Street,LS12 2AA'])).toBe('DISAGREE');
    expect(level(['1 A Street,SW1A 1AA'], ['2 B Road,SW1A 2AB'])).toBe('SAME_DISTRICT');
    expect(level(['1 A Street,M1 1AE'], ['2 B Road,M1 1BB'])).toBe('SAME_SECTOR');
  });

  it('should count a postcode with no first line as the postcode, never as the address', () => {
    expect(level([',LS9 6AA'], [',LS9 6AA'])).toBe('SAME_POSTCODE');
  });

  it('should take the closest of every address each record holds, since people move', () => {
    expect(level(['1 A Street,BD1 1AA', '3 C Lane,LS6 3QT'], ['3 C Lane,LS6 3QT'])).toBe('SAME_ADDRESS');
    expect(level(['1 A Street,BD1 1AA', '3 C Lane,LS6 3QT'], ['9 D Road,LS6 9ZZ', '1 E Way,HX1 1AA'])).toBe(
      'SAME_DISTRICT',
    );
  });

  it('should be missing, never agreeing, when a record has no address', () => {
    expect(level([], ['1 A Street,LS1 1AA'])).toBe('MISSING');
    expect(level(null, null)).toBe('MISSING');
    expect(addressKey('1 A Street', '  ')).toBeNull();
  });

  it('should compare a value that is not a UK postcode only whole', () => {
    expect(level(['1 A Street,LS1'], ['1 B Street,LS1 1AA'])).toBe('DISAGREE');
    expect(level(['1 A Street,D02 X285'], ['2 B Street,d02x285'])).toBe('SAME_POSTCODE');
  });

  it('should never show an address or postcode in the reason, so a score discloses where no one lives', () => {
    const pairs: [string, string][] = [
      ['12 Harehills Lane,LS1 1AA', '12 Harehills Lane,LS1 1AA'],
      ['12 Harehills Lane,LS1 1AA', '12 Harehills Lane,LS1 1BD'],
      ['12 Harehills Lane,LS1 1AA', '12 Harehills Lane,BD7 1AA'],
    ];
    for (const [a, b] of pairs) {
      const detail = compareAddresses(
        record({ addresses: keys([a]) }),
        record({ addresses: keys([b]) }),
      ).detail;
      expect(detail).not.toMatch(/LS|BD|1AA|1BD|Harehills|12/i);
    }
  });

  it('should key an address by its compact postcode and its first line written one way', () => {
    expect(addressKey('12, Harehills Ln', ' ls9  6aa ')).toBe('LS96AA|12 HAREHILLS LANE');
    expect(addressKey(null, 'LS9 6AA')).toBe('LS96AA|');
    expect(compactPostcode('')).toBeNull();
    expect(compactPostcode(null)).toBeNull();
  });
});
