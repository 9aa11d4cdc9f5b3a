/**
 * Our own iCalendar (RFC 5545) writer rather than a library. It is short, embeds the rules of
 * the one time zone the service uses (Europe/Helsinki's VTIMEZONE, below) and folds lines by
 * UTF-8 octets; a library such as ical-generator writes a VTIMEZONE only through a separate
 * timezone generator package. Every value from outside goes through `escapeText` or `plainValue`,
 * so none can end a content line early.
 */
import { helsinkiClock } from '../conversations/opening-hours.js';

/**
 * An iCalendar (RFC 5545) event in Europe/Helsinki with the zone's own rules, so calendars
 * show the right wall-clock time on either side of a daylight-saving change.
 */
export interface CalendarEvent {
  uid: string;
  start: Date;
  end: Date;
  summary: string;
  description: string;
  location?: string | null;
  url?: string | null;
  /** CANCEL for a cancelled booking (with a higher sequence). */
  method?: 'PUBLISH' | 'CANCEL';
  /** CANCELLED for a cancelled event in a feed (whose method stays PUBLISH). */
  status?: 'CONFIRMED' | 'CANCELLED';
  sequence?: number;
}

// eslint-disable-next-line no-control-regex -- removing control characters is the point
const controlCharacters = /[\u0000-\u001f\u007f]/g;

/**
 * A TEXT value: the specials escaped, every line break form (CRLF, a bare CR, LF) as the `\n`
 * escape, a tab as a space and any other control character dropped. A raw CR or LF left in a
 * value would end the content line and let the text start properties or events of its own.
 */
const escapeText = (value: string) =>
  value
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n')
    .replace(/\t/g, ' ')
    .replace(controlCharacters, '');

/** A value of another type (UID, URI): it has no escapes, so control characters are dropped. */
const plainValue = (value: string) => value.replace(controlCharacters, '');

/** Lines longer than 75 octets are folded (a CRLF and a space), never inside a UTF-8 character. */
function fold(line: string): string {
  const parts: string[] = [];
  let current = '';
  let bytes = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char);
    if (bytes + size > (parts.length ? 74 : 75)) {
      parts.push(current);
      current = '';
      bytes = 0;
    }
    current += char;
    bytes += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

/** 20261203T100000: the Helsinki wall-clock time of an instant. */
function localStamp(at: Date): string {
  const clock = helsinkiClock(at);
  const hh = String(Math.floor(clock.minute / 60)).padStart(2, '0');
  const mm = String(clock.minute % 60).padStart(2, '0');
  const ss = String(at.getUTCSeconds()).padStart(2, '0');
  return `${clock.day.replace(/-/g, '')}T${hh}${mm}${ss}`;
}

const utcStamp = (at: Date) =>
  at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');

/** The zone definition every file carries, so a calendar needs no zone database of its own. */
const helsinkiZone = [
  'BEGIN:VTIMEZONE',
  'TZID:Europe/Helsinki',
  'BEGIN:DAYLIGHT',
  'TZOFFSETFROM:+0200',
  'TZOFFSETTO:+0300',
  'TZNAME:EEST',
  'DTSTART:19700329T030000',
  'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
  'END:DAYLIGHT',
  'BEGIN:STANDARD',
  'TZOFFSETFROM:+0300',
  'TZOFFSETTO:+0200',
  'TZNAME:EET',
  'DTSTART:19701025T040000',
  'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
  'END:STANDARD',
  'END:VTIMEZONE',
];

function eventLines(event: CalendarEvent, stamp: string): string[] {
  const isCancelled = event.method === 'CANCEL' || event.status === 'CANCELLED';
  return [
    'BEGIN:VEVENT',
    `UID:${plainValue(event.uid)}`,
    `DTSTAMP:${stamp}`,
    `SEQUENCE:${event.sequence ?? 0}`,
    `DTSTART;TZID=Europe/Helsinki:${localStamp(event.start)}`,
    `DTEND;TZID=Europe/Helsinki:${localStamp(event.end)}`,
    `SUMMARY:${escapeText(event.summary)}`,
    `DESCRIPTION:${escapeText(event.description)}`,
    ...(event.location ? [`LOCATION:${escapeText(event.location)}`] : []),
    ...(event.url ? [`URL:${plainValue(event.url)}`] : []),
    `STATUS:${isCancelled ? 'CANCELLED' : 'CONFIRMED'}`,
    'END:VEVENT',
  ];
}

export function calendarFile(event: CalendarEvent): string {
  const method = event.method ?? 'PUBLISH';
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//OpinTori//Ajanvaraus//FI',
    'CALSCALE:GREGORIAN',
    `METHOD:${method}`,
    ...helsinkiZone,
    ...eventLines(event, utcStamp(new Date())),
    'END:VCALENDAR',
  ];
  return lines.map(fold).join('\r\n') + '\r\n';
}

/**
 * A subscribable calendar of many events (a feed): the calendar's name and a refresh hint
 * for the apps that poll it, then every event, cancelled ones marked STATUS:CANCELLED.
 */
export function calendarFeed(
  events: CalendarEvent[],
  options: { name: string; description: string },
): string {
  const stamp = utcStamp(new Date());
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//OpinTori//Tapahtumat//FI',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(options.name)}`,
    `X-WR-CALDESC:${escapeText(options.description)}`,
    'X-WR-TIMEZONE:Europe/Helsinki',
    'REFRESH-INTERVAL;VALUE=DURATION:PT6H',
    'X-PUBLISHED-TTL:PT6H',
    ...helsinkiZone,
    ...events.flatMap((event) => eventLines(event, stamp)),
    'END:VCALENDAR',
  ];
  return lines.map(fold).join('\r\n') + '\r\n';
}
