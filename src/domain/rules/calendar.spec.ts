import {
  addMonths,
  addWorkingDays,
  bankHolidaysEnglandAndWales,
  easterSunday,
  isWorkingDay,
  lastDayOfMonthsBeginningWith,
  londonMidnight,
  parseCivilDate,
} from './calendar';

describe('England & Wales calendar', () => {
  it('should compute the published bank holidays, substitutes included', () => {
    // As published on gov.uk/bank-holidays for these years.
    expect([...bankHolidaysEnglandAndWales(2026)].sort()).toEqual([
      '2026-01-01',
      '2026-04-03',
      '2026-04-06',
      '2026-05-04',
      '2026-05-25',
      '2026-08-31',
      '2026-12-25',
      '2026-12-28',
    ]);
    expect([...bankHolidaysEnglandAndWales(2027)].sort()).toEqual([
      '2027-01-01',
      '2027-03-26',
      '2027-03-29',
      '2027-05-03',
      '2027-05-31',
      '2027-08-30',
      '2027-12-27',
      '2027-12-28',
    ]);
    expect([...bankHolidaysEnglandAndWales(2022)].sort()).toEqual([
      '2022-01-03',
      '2022-04-15',
      '2022-04-18',
      '2022-05-02',
      '2022-06-02',
      '2022-06-03',
      '2022-08-29',
      '2022-09-19',
      '2022-12-26',
      '2022-12-27',
    ]);
  });

  it('should find Easter Sunday', () => {
    expect(['2024', '2025', '2026', '2027'].map((y) => easterSunday(Number(y)))).toEqual([
      '2024-03-31',
      '2025-04-20',
      '2026-04-05',
      '2027-03-28',
    ]);
  });

  it('should skip weekends and bank holidays when counting working days', () => {
    expect(isWorkingDay('2026-12-24')).toBe(true);
    expect(isWorkingDay('2026-12-25')).toBe(false);
    expect(isWorkingDay('2026-12-26')).toBe(false);
    // Thu 24 Dec 2026 + 2 working days: Fri 25 (holiday), Sat, Sun, Mon 28 (substitute) → Tue 29, Wed 30.
    expect(addWorkingDays('2026-12-24', 2)).toBe('2026-12-30');
    // Across Easter 2026 (Good Friday 3 Apr, Easter Monday 6 Apr).
    expect(addWorkingDays('2026-04-02', 1)).toBe('2026-04-07');
  });

  it('should clamp month arithmetic to the end of shorter months', () => {
    expect(addMonths('2026-08-31', 6)).toBe('2027-02-28');
    expect(addMonths('2027-08-31', 6)).toBe('2028-02-29');
    expect(addMonths('2026-01-15', 6)).toBe('2026-07-15');
  });

  it('should refuse dates that do not exist', () => {
    expect(() => parseCivilDate('2026-02-30')).toThrow(RangeError);
  });

  it('should end a period of months beginning with a day on the day before the corresponding date', () => {
    expect(lastDayOfMonthsBeginningWith('2027-01-11', 3)).toBe('2027-04-10');
    expect(lastDayOfMonthsBeginningWith('2027-03-01', 3)).toBe('2027-05-31');
    expect(lastDayOfMonthsBeginningWith('2027-01-31', 1)).toBe('2027-02-28');
    expect(lastDayOfMonthsBeginningWith('2028-01-31', 1)).toBe('2028-02-29');
    expect(lastDayOfMonthsBeginningWith('2027-11-30', 3)).toBe('2028-02-29');
    expect(lastDayOfMonthsBeginningWith('2027-12-01', 12)).toBe('2028-11-30');
  });

  it('should find local midnight in GMT and BST, and on the days the clocks change', () => {
    expect(londonMidnight('2026-12-01').toISOString()).toBe('2026-12-01T00:00:00.000Z');
    expect(londonMidnight('2026-07-01').toISOString()).toBe('2026-06-30T23:00:00.000Z');
    // 29 Mar 2026 (clocks go forward at 01:00 UTC): midnight is still GMT; the next midnight is BST.
    expect(londonMidnight('2026-03-29').toISOString()).toBe('2026-03-29T00:00:00.000Z');
    expect(londonMidnight('2026-03-30').toISOString()).toBe('2026-03-29T23:00:00.000Z');
    // 25 Oct 2026 (clocks go back at 01:00 UTC): midnight is still BST.
    expect(londonMidnight('2026-10-25').toISOString()).toBe('2026-10-24T23:00:00.000Z');
    expect(londonMidnight('2026-10-26').toISOString()).toBe('2026-10-26T00:00:00.000Z');
  });
});
