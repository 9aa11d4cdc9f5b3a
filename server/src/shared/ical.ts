/**
 * iCalendar (RFC 5545) files and feeds written by ical-generator. Every event is in
 * Europe/Helsinki and every file carries that zone's VTIMEZONE (the rules below, given to the
 * library as its timezone generator), so no time-zone database is needed and calendars show the
 * right wall-clock time on either side of a daylight-saving change.
 */
import ical, {
  escape,
  ICalCalendarMethod,
  ICalEventStatus,
  type ICalCalendar,
  type ICalTemporalPlainDateTimeStub,
  type ICalTemporalZonedDateTimeStub,
} from 'ical-generator';
import { helsinkiClock, SERVICE_TIME_ZONE } from './helsinki-time.js';

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

// The library escapes the TEXT specials and turns every line break form into `\n`, but it keeps
// other control characters and writes UIDs as they are: values are cleaned here first, so none
// can end a content line early or smuggle a control character into a calendar app.
// eslint-disable-next-line no-control-regex -- removing control characters is the point
const controlCharacters = /[\u0000-\u001f\u007f]/g;
// eslint-disable-next-line no-control-regex -- removing control characters is the point
const controlsButLineBreaks = /[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f]/g;

/** A TEXT value before the library escapes it: a tab as a space, other controls but CR and LF dropped. */
const plainText = (value: string) => value.replace(/\t/g, ' ').replace(controlsButLineBreaks, '');

/** A value of another type (UID, URI): it has no escapes, so every control character is dropped. */
const plainValue = (value: string) => value.replace(controlCharacters, '');

/** The zone definition every file carries, so a calendar needs no zone database of its own. */
const helsinkiZone = [
  'BEGIN:VTIMEZONE',
  `TZID:${SERVICE_TIME_ZONE}`,
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
].join('\r\n');

function sameZone(zone: string): void {
  if (zone !== SERVICE_TIME_ZONE) throw new Error(`calendar times are in ${SERVICE_TIME_ZONE}, not ${zone}`);
}

/**
 * An instant in the Temporal.ZonedDateTime shape that ical-generator formats (Node 20 has no
 * Temporal), its fields the Helsinki wall clock: a native Date would be written in the process's
 * own time zone.
 */
function helsinkiTime(at: Date): ICalTemporalZonedDateTimeStub {
  const clock = helsinkiClock(at);
  const [year, month, day] = clock.day.split('-').map(Number) as [number, number, number];
  const fields = {
    year,
    month,
    day,
    hour: Math.floor(clock.minute / 60),
    minute: clock.minute % 60,
    second: at.getUTCSeconds(),
  };
  const pad = (n: number) => String(n).padStart(2, '0');
  const text = () => `${clock.day}T${pad(fields.hour)}:${pad(fields.minute)}:${pad(fields.second)}`;
  const plain: ICalTemporalPlainDateTimeStub = {
    ...fields,
    toPlainDate: () => ({ year, month, day, toJSON: () => clock.day, toString: () => clock.day }),
    toZonedDateTime: (zone) => (sameZone(zone), zoned),
    toJSON: text,
    toString: text,
  };
  const zoned: ICalTemporalZonedDateTimeStub = {
    ...fields,
    timeZoneId: SERVICE_TIME_ZONE,
    toInstant: () => ({
      epochMilliseconds: at.getTime(),
      toJSON: () => at.toISOString(),
      toString: () => at.toISOString(),
      toZonedDateTimeISO: (zone) => (sameZone(zone), zoned),
    }),
    toPlainDateTime: () => plain,
    withTimeZone: (zone) => (sameZone(zone), zoned),
    toJSON: text,
    toString: text,
  };
  return zoned;
}

function newCalendar(product: string, method: ICalCalendarMethod): ICalCalendar {
  return ical({
    prodId: `//OpinTori//${product}//FI`,
    scale: 'gregorian',
    method,
    // The zone is named on each event, not on the calendar: with a calendar-wide name the
    // library writes DTSTAMP without its Z and DTSTART without TZID.
    timezone: { name: null, generator: (zone) => (zone === SERVICE_TIME_ZONE ? helsinkiZone : null) },
  });
}

function addEvent(calendar: ICalCalendar, event: CalendarEvent, stamp: Date): void {
  const isCancelled = event.method === 'CANCEL' || event.status === 'CANCELLED';
  calendar.createEvent({
    id: plainValue(event.uid),
    stamp,
    sequence: event.sequence ?? 0,
    timezone: SERVICE_TIME_ZONE,
    start: helsinkiTime(event.start),
    end: helsinkiTime(event.end),
    summary: plainText(event.summary),
    description: plainText(event.description),
    location: event.location ? plainText(event.location) : null,
    url: event.url ? plainValue(event.url) : null,
    status: isCancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
  });
}

export function calendarFile(event: CalendarEvent): string {
  const calendar = newCalendar(
    'Ajanvaraus',
    event.method === 'CANCEL' ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.PUBLISH,
  );
  addEvent(calendar, event, new Date());
  return `${calendar.toString()}\r\n`;
}

/**
 * A subscribable calendar of many events (a feed): the calendar's name and a refresh hint
 * for the apps that poll it, then every event, cancelled ones marked STATUS:CANCELLED.
 */
export function calendarFeed(
  events: CalendarEvent[],
  options: { name: string; description: string },
): string {
  const calendar = newCalendar('Tapahtumat', ICalCalendarMethod.PUBLISH);
  // The library writes the calendar's name and description unescaped, so they are escaped here.
  calendar.name(escape(plainText(options.name), false));
  calendar.description(escape(plainText(options.description), false));
  calendar.x('X-WR-TIMEZONE', SERVICE_TIME_ZONE);
  calendar.ttl(6 * 60 * 60);
  const stamp = new Date();
  for (const event of events) addEvent(calendar, event, stamp);
  return `${calendar.toString()}\r\n`;
}
