import { addDays, londonCivilDate, parseCivilDate } from './calendar';

/**
 * What a protected person who opted in is told, and when (docs/victim-notification.md). Pure: the texts,
 * what each says, and the times a person asked not to be contacted. The sources: victims suffer "when they
 * know deadlines, such as the expiration of bail conditions or statutory limitations, are approaching"
 * (DAC:890); VINE tells a registered victim of a custody change "usually within 15 minutes".
 */

export const VICTIM_CHANNELS = ['SMS', 'EMAIL', 'LETTER'] as const;
export type VictimChannel = (typeof VICTIM_CHANNELS)[number];

/** What a person can choose to be told about. */
export const VICTIM_TOPICS = ['ORDERS', 'BAIL', 'CUSTODY', 'HEARINGS', 'NOTICES'] as const;
export type VictimTopic = (typeof VICTIM_TOPICS)[number];

/**
 * How much a message says. SUMMARY: what happened and when, in neutral words. CONTACT_REQUEST_ONLY: only
 * that there is an update and whom to call — what a person chooses when someone else may read their
 * messages (and what "do not leave messages" always gets).
 */
export const VICTIM_DETAIL = ['SUMMARY', 'CONTACT_REQUEST_ONLY'] as const;
export type VictimDetail = (typeof VICTIM_DETAIL)[number];

export const NOTIFICATION_KINDS = [
  'ORDER_SERVED',
  'ORDER_VARIED',
  'ORDER_DISCHARGED',
  'ORDER_EXPIRING',
  'ORDER_EXPIRED',
  'BAIL_GRANTED',
  'BAIL_VARIED',
  'BAIL_ENDED',
  'RELEASED_FROM_CUSTODY',
  'HEARING_DATE_SET',
  'NOTICE_ISSUED',
  'NOTICE_ORDER_GRANTED',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const TOPIC_OF: Readonly<Record<NotificationKind, VictimTopic>> = {
  ORDER_SERVED: 'ORDERS',
  ORDER_VARIED: 'ORDERS',
  ORDER_DISCHARGED: 'ORDERS',
  ORDER_EXPIRING: 'ORDERS',
  ORDER_EXPIRED: 'ORDERS',
  BAIL_GRANTED: 'BAIL',
  BAIL_VARIED: 'BAIL',
  BAIL_ENDED: 'BAIL',
  RELEASED_FROM_CUSTODY: 'CUSTODY',
  HEARING_DATE_SET: 'HEARINGS',
  NOTICE_ISSUED: 'NOTICES',
  NOTICE_ORDER_GRANTED: 'NOTICES',
};

/**
 * The words of each SUMMARY message. Channel-safe by construction: a message is these words and three
 * values only — the date it happened, the force's contact line, the notification's short reference —
 * never a name, an address, a condition or the kind of case (no "abuse", "violence", "molestation",
 * "respondent"…: a phone can be read by the person the order is against). victim-messages.spec.ts checks
 * every text against that list.
 */
const SUMMARY: Readonly<Record<NotificationKind, string>> = {
  ORDER_SERVED: 'The order made to protect you was handed to the other person on ((date)).',
  ORDER_VARIED: 'The order made to protect you was changed on ((date)).',
  ORDER_DISCHARGED: 'The order made to protect you was ended by the court on ((date)).',
  ORDER_EXPIRING: 'The order made to protect you ends soon, on ((date)).',
  ORDER_EXPIRED: 'The order made to protect you ended on ((date)).',
  BAIL_GRANTED: 'The other person was released on bail with conditions on ((date)).',
  BAIL_VARIED: 'The bail conditions of the other person were changed on ((date)).',
  BAIL_ENDED: 'The bail of the other person ended on ((date)).',
  RELEASED_FROM_CUSTODY: 'The other person was released on ((date)) while enquiries continue.',
  HEARING_DATE_SET: 'A court hearing date was set or changed on ((date)).',
  NOTICE_ISSUED: 'A notice to protect you was given to the other person on ((date)).',
  NOTICE_ORDER_GRANTED: 'The court made an order to protect you on ((date)).',
};

const CONTACT_REQUEST = 'We have an update for you.';
const CALL = 'Please call ((contact_number)) when it is safe to do so, quoting ((reference)).';
const EMERGENCY = 'In an emergency call 999.';
/** Neutral on purpose: an email subject shows on a locked screen. */
export const EMAIL_SUBJECT = 'An update for you';

/** Words no message may contain (case-insensitive, whole words). */
export const FORBIDDEN_WORDS = [
  'abuse',
  'abuser',
  'domestic',
  'violence',
  'violent',
  'molestation',
  'respondent',
  'perpetrator',
  'suspect',
  'defendant',
  'offender',
  'victim',
  'arrest',
  'arrested',
  'refuge',
  'crime',
] as const;

/** The only values a message carries. */
export interface MessageValues {
  /** When it happened (or, for an order ending, when it ends); null when the source gave no date. */
  occurredAt: Date | string | null;
  /** The force's contact line (force_victim_contact; 101 when the force has set none). */
  contactNumber: string;
  /** The notification's short reference, to quote when calling. */
  reference: string;
}

export interface RenderedMessage {
  subject: string;
  body: string;
}

/** The text of one message, as sent (the Notify template of each channel is `((subject))`/`((body))`). */
export function renderMessage(
  kind: NotificationKind,
  detail: VictimDetail,
  doNotLeaveMessages: boolean,
  values: MessageValues,
): RenderedMessage {
  const summaryWanted = detail === 'SUMMARY' && !doNotLeaveMessages;
  // A missing date stays missing: the update is then sent as a contact request, never with a made-up date.
  const date = values.occurredAt === null ? null : longDate(values.occurredAt);
  const lead = summaryWanted && date ? SUMMARY[kind].replace('((date))', date) : CONTACT_REQUEST;
  const body = [lead, CALL, EMERGENCY]
    .join(' ')
    .replace('((contact_number))', values.contactNumber)
    .replace('((reference))', values.reference);
  return { subject: EMAIL_SUBJECT, body };
}

/** Every fixed text a message can be made of (for the channel-safety check). */
export function messageTexts(): string[] {
  return [...Object.values(SUMMARY), CONTACT_REQUEST, CALL, EMERGENCY, EMAIL_SUBJECT];
}

/** The forbidden words a text contains. */
export function forbiddenWordsIn(text: string): string[] {
  const words = new Set(text.toLowerCase().match(/[a-z']+/g) ?? []);
  return FORBIDDEN_WORDS.filter((w) => words.has(w));
}

const LONG_DATE = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});

/** "21 November 2026", the England & Wales date of the instant. */
export function longDate(at: Date | string): string {
  return LONG_DATE.format(typeof at === 'string' ? new Date(at) : at);
}

/** A contact line: digits, spaces and a leading +, 3 to 20 characters (101, 0113 123 4567…). */
export const CONTACT_NUMBER_PATTERN = /^\+?[0-9][0-9 ]{1,18}[0-9]$/;

/** A time a person asked not to be contacted, local to England & Wales: from (inclusive) to (exclusive). */
export interface QuietWindow {
  /** "HH:MM", 24-hour. */
  from: string;
  to: string;
}

const HHMM = /^([01][0-9]|2[0-3]):([0-5][0-9])$/;

/** Problems with quiet windows (empty when they are valid). A window may run over midnight (21:00–08:00). */
export function quietWindowProblems(windows: readonly QuietWindow[]): string[] {
  const problems: string[] = [];
  if (windows.length > 6) problems.push('at most 6 quiet windows');
  windows.forEach((w, i) => {
    if (!HHMM.test(w.from) || !HHMM.test(w.to)) problems.push(`quietHours[${i}]: times are HH:MM, 24-hour`);
    else if (w.from === w.to) problems.push(`quietHours[${i}]: from and to are the same`);
  });
  return problems;
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

const LONDON_CLOCK = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** Minutes past local midnight of an instant (England & Wales wall clock). */
function localMinutes(at: Date): number {
  const [h, m] = LONDON_CLOCK.format(at).split(':');
  return Number(h) * 60 + Number(m);
}

/** The instant a local wall-clock time of a civil date is (00:00–23:59; in the skipped hour, the hour after). */
function londonInstant(date: string, minutes: number): Date {
  const asUtc = parseCivilDate(date).getTime() + minutes * 60_000;
  // England & Wales is UTC+0 or UTC+1: try both offsets and keep the one whose wall clock matches.
  for (const offset of [0, 60]) {
    const at = new Date(asUtc - offset * 60_000);
    if (londonCivilDate(at) === date && localMinutes(at) === minutes) return at;
  }
  // The skipped hour of the spring change: 01:30 local does not exist; 01:30 UTC (02:30 BST) follows it.
  return new Date(asUtc);
}

/** Whether `at` falls in a window (local time). */
function inWindow(at: Date, w: QuietWindow): boolean {
  const now = localMinutes(at);
  const from = minutesOf(w.from);
  const to = minutesOf(w.to);
  return from < to ? now >= from && now < to : now >= from || now < to;
}

/**
 * The first instant at or after `now` outside every quiet window: `now` itself when the person may be
 * contacted now, else the end of the window (and of any window that end falls in).
 */
export function nextContactableInstant(now: Date, windows: readonly QuietWindow[]): Date {
  let at = now;
  for (let guard = 0; guard <= windows.length; guard++) {
    const window = windows.find((w) => inWindow(at, w));
    if (!window) return at;
    const today = londonCivilDate(at);
    const to = minutesOf(window.to);
    // A window that ends "earlier" than now (21:00–08:00 at 23:00) ends tomorrow.
    const endDate = localMinutes(at) < to ? today : addDays(today, 1);
    at = londonInstant(endDate, to);
  }
  return at;
}
