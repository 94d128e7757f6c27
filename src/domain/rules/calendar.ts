/**
 * Calendar arithmetic for legal clocks, on civil dates (YYYY-MM-DD) so that no time zone or DST shift
 * can move a deadline by a day.
 *
 * England & Wales bank holidays follow the Banking and Financial Dealings Act 1971 Sch. 1 and the annual
 * royal proclamations (published on gov.uk/bank-holidays) — outside the project's source documents,
 * unverified there. The regular rules are computed; one-off moves and additions are listed below.
 */
export type CivilDate = string;

const ONE_OFF_CHANGES: Readonly<Record<number, { remove: CivilDate[]; add: CivilDate[] }>> = {
  2020: { remove: ['2020-05-04'], add: ['2020-05-08'] }, // Early May moved for VE Day 75
  2022: { remove: ['2022-05-30'], add: ['2022-06-02', '2022-06-03', '2022-09-19'] }, // Jubilee; State Funeral
  2023: { remove: [], add: ['2023-05-08'] }, // Coronation
};

export function parseCivilDate(date: CivilDate): Date {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new RangeError(`not a civil date: ${date}`);
  const at = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(at.getTime()) || at.toISOString().slice(0, 10) !== date)
    throw new RangeError(`no such date: ${date}`);
  return at;
}

export function formatCivilDate(at: Date): CivilDate {
  return at.toISOString().slice(0, 10);
}

/** The England & Wales civil date of an instant (Europe/London, so 23:30 UTC in summer is the next day). */
export function londonCivilDate(at: Date | string): CivilDate {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/London',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(typeof at === 'string' ? new Date(at) : at);
}

export function addDays(date: CivilDate, days: number): CivilDate {
  const at = parseCivilDate(date);
  at.setUTCDate(at.getUTCDate() + days);
  return formatCivilDate(at);
}

function lastDayOfMonth(year: number, monthIndex: number): number {
  return new Date(Date.UTC(year, monthIndex + 1, 0)).getUTCDate();
}

/** Calendar months; a day that does not exist in the target month clamps to its last day (31 Aug + 6 m = 28/29 Feb). */
export function addMonths(date: CivilDate, months: number): CivilDate {
  const at = parseCivilDate(date);
  const day = at.getUTCDate();
  at.setUTCDate(1);
  at.setUTCMonth(at.getUTCMonth() + months);
  at.setUTCDate(Math.min(day, lastDayOfMonth(at.getUTCFullYear(), at.getUTCMonth())));
  return formatCivilDate(at);
}

export function addYears(date: CivilDate, years: number): CivilDate {
  return addMonths(date, 12 * years);
}

function weekday(date: CivilDate): number {
  return parseCivilDate(date).getUTCDay();
}

function isWeekend(date: CivilDate): boolean {
  const day = weekday(date);
  return day === 0 || day === 6;
}

/** Western Easter Sunday (anonymous Gregorian computus). */
export function easterSunday(year: number): CivilDate {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function nthMonday(year: number, month: number, n: number): CivilDate {
  const first = `${year}-${String(month).padStart(2, '0')}-01`;
  const offset = (8 - weekday(first)) % 7;
  return addDays(first, offset + 7 * (n - 1));
}

function lastMonday(year: number, month: number): CivilDate {
  const last = formatCivilDate(new Date(Date.UTC(year, month, 0)));
  return addDays(last, -((weekday(last) + 6) % 7));
}

const cache = new Map<number, ReadonlySet<CivilDate>>();

export function bankHolidaysEnglandAndWales(year: number): ReadonlySet<CivilDate> {
  const cached = cache.get(year);
  if (cached) return cached;
  const days = new Set<CivilDate>();
  const substituteFor = (date: CivilDate) => {
    let candidate = date;
    while (isWeekend(candidate) || days.has(candidate)) candidate = addDays(candidate, 1);
    days.add(candidate);
  };
  substituteFor(`${year}-01-01`);
  const easter = easterSunday(year);
  days.add(addDays(easter, -2));
  days.add(addDays(easter, 1));
  days.add(nthMonday(year, 5, 1));
  days.add(lastMonday(year, 5));
  days.add(lastMonday(year, 8));
  // Christmas Day and Boxing Day; a weekend one moves to the next weekday not already a holiday.
  for (const date of [`${year}-12-25`, `${year}-12-26`]) {
    if (!isWeekend(date)) days.add(date);
  }
  for (const date of [`${year}-12-25`, `${year}-12-26`]) {
    if (isWeekend(date)) substituteFor(date);
  }
  const changes = ONE_OFF_CHANGES[year];
  for (const date of changes?.remove ?? []) days.delete(date);
  for (const date of changes?.add ?? []) days.add(date);
  cache.set(year, days);
  return days;
}

export function isWorkingDay(date: CivilDate): boolean {
  return !isWeekend(date) && !bankHolidaysEnglandAndWales(Number(date.slice(0, 4))).has(date);
}

/** The working day that is `n` working days after `date` (the start day itself is never counted). */
export function addWorkingDays(date: CivilDate, n: number): CivilDate {
  let current = date;
  let remaining = n;
  while (remaining > 0) {
    current = addDays(current, 1);
    if (isWorkingDay(current)) remaining -= 1;
  }
  return current;
}

/**
 * The last day of a period of `months` calendar months *beginning with* `start` (the start day counts):
 * the day before the corresponding date in the last month — 3 months beginning with 11 January end on 10
 * April, beginning with 1 March on 31 May. When that month has no corresponding date (beginning with 31
 * January, 1 month) the period ends on its last day (28/29 February). Compare addMonths, the period *from*
 * a day (the day itself excluded), which ends on the corresponding date.
 */
export function lastDayOfMonthsBeginningWith(start: CivilDate, months: number): CivilDate {
  const at = parseCivilDate(start);
  const day = at.getUTCDate();
  const targetMonth = at.getUTCMonth() + months;
  const year = at.getUTCFullYear() + Math.floor(targetMonth / 12);
  const monthIndex = ((targetMonth % 12) + 12) % 12;
  const last = lastDayOfMonth(year, monthIndex);
  if (day > last) return formatCivilDate(new Date(Date.UTC(year, monthIndex, last)));
  return addDays(formatCivilDate(new Date(Date.UTC(year, monthIndex, day))), -1);
}

const LONDON_HOUR = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  hour: '2-digit',
  hourCycle: 'h23',
});

/** The instant a civil date begins in England & Wales (00:00 Europe/London; 23:00 UTC the day before in BST). */
export function londonMidnight(date: CivilDate): Date {
  const utcMidnight = parseCivilDate(date);
  // UK clocks change at 01:00 UTC, so the offset at 00:00 UTC is the offset at the local midnight.
  const localHour = Number(LONDON_HOUR.format(utcMidnight));
  return new Date(utcMidnight.getTime() - localHour * 3_600_000);
}

/**
 * The instant `hours` hours after `start`, counting only time on days that are not disregarded: a
 * disregarded day (a whole local day, midnight to midnight in England & Wales) stops the count, which
 * resumes at the next midnight. Elapsed time is real time, so a day of a clock change counts 23 or 25 hours.
 */
export function addHoursDisregarding(
  start: Date | string,
  hours: number,
  disregarded: (date: CivilDate) => boolean,
): Date {
  let cursor = typeof start === 'string' ? new Date(start) : start;
  if (Number.isNaN(cursor.getTime())) throw new RangeError(`not an instant: ${String(start)}`);
  let remaining = hours * 3_600_000;
  for (let guard = 0; guard < 10_000; guard++) {
    const today = londonCivilDate(cursor);
    const nextMidnight = londonMidnight(addDays(today, 1));
    if (!disregarded(today)) {
      const available = nextMidnight.getTime() - cursor.getTime();
      if (remaining <= available) return new Date(cursor.getTime() + remaining);
      remaining -= available;
    }
    cursor = nextMidnight;
  }
  throw new RangeError('no end within 10,000 days: every day is disregarded');
}

/**
 * The days the notice-to-hearing clocks disregard: "any Sunday, Christmas Day, Good Friday, and any day
 * which is a bank holiday in England and Wales under the Banking and Financial Dealings Act 1971"
 * (Domestic Abuse Act 2021 s.29(3); Crime and Security Act 2010 s.27(4) in the same terms). Christmas Day
 * and Good Friday are named because they are not bank holidays under the 1971 Act: Christmas Day on a
 * Saturday is disregarded although its substitute holiday is the 27th.
 */
export function disregardedForNoticeHearing(date: CivilDate): boolean {
  if (weekday(date) === 0) return true;
  if (date.slice(5) === '12-25') return true;
  const year = Number(date.slice(0, 4));
  if (date === addDays(easterSunday(year), -2)) return true;
  return bankHolidaysEnglandAndWales(year).has(date);
}
