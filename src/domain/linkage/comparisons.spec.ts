import {
  compareDateOfBirth,
  compareForenames,
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
