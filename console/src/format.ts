/** Dates and times as an officer reads them: UK local time, day first, never a bare ISO string. */
const DATE_TIME = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});
const DATE = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'UTC',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
});

export const dateTime = (iso: string | null | undefined): string =>
  iso ? DATE_TIME.format(new Date(iso)) : 'not stated';

/** A calendar date (LocalDate: YYYY-MM-DD), shown as the date it names whatever the browser's zone. */
export const date = (local: string | null | undefined): string =>
  local ? DATE.format(new Date(`${local}T00:00:00Z`)) : 'not stated';

export function age(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return hours < 48 ? `${hours} h ${minutes % 60} min` : `${Math.floor(hours / 24)} days`;
}

export const words = (code: string): string => code.toLowerCase().replace(/_/g, ' ');
