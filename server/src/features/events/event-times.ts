import { AppError } from '../../errors.js';
import { helsinkiInstant, helsinkiClock } from '../../shared/helsinki-time.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** A pop-up session is a day's work at most; anything longer is a typo in a date. */
export const MAX_EVENT_HOURS = 14;
/** How far back an event may be entered (recording one just held) and how far ahead. */
export const MAX_PAST_DAYS = 31;
export const MAX_FUTURE_DAYS = 2 * 366;
/** The longest period the public calendar answers at once. */
export const MAX_RANGE_DAYS = 366;

const hasZone = /(?:[zZ]|[+-]\d{2}:?\d{2})$/;

/** An instant from `2026-12-03T10:00` (Helsinki wall-clock time) or an ISO time with a zone. */
export function parseEventTime(value: string): Date {
  if (hasZone.test(value)) return new Date(value);
  return helsinkiInstant(value.slice(0, 10), value.slice(11, 16));
}

/** The Helsinki calendar day of an instant, `2026-12-03`. */
export const helsinkiDay = (at: Date) => helsinkiClock(at).day;

/** The day `days` after a YYYY-MM-DD day. */
export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

export const dayStart = (day: string) => helsinkiInstant(day, '00:00');

const invalid = (code: string, field: string, message: string) =>
  new AppError(code, 400, message, { field, fields: [{ field, message: code }] });

/** Checks an event's times: ends after it starts, lasts at most a day's work, not absurdly far off. */
export function checkEventTimes(start: Date, end: Date, now: Date): void {
  if (end.getTime() <= start.getTime()) {
    throw invalid('event.ends_before_start', 'endsAt', 'The event must end after it starts');
  }
  if (end.getTime() - start.getTime() > MAX_EVENT_HOURS * HOUR) {
    throw invalid('event.too_long', 'endsAt', `An event lasts at most ${MAX_EVENT_HOURS} hours`);
  }
  if (start.getTime() < now.getTime() - MAX_PAST_DAYS * DAY) {
    throw invalid('event.too_far_in_past', 'startsAt', 'The event starts too far in the past');
  }
  if (start.getTime() > now.getTime() + MAX_FUTURE_DAYS * DAY) {
    throw invalid('event.too_far_in_future', 'startsAt', 'The event starts too far in the future');
  }
}

/** The public calendar's period: reversed or over-long ranges are refused with a code. */
export function checkRange(from: string, to: string): void {
  if (to < from) {
    throw new AppError('event.range_reversed', 400, '`to` is before `from`', { field: 'to' });
  }
  const days = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY;
  if (days > MAX_RANGE_DAYS) {
    throw new AppError('event.range_too_long', 400, `At most ${MAX_RANGE_DAYS} days at a time`, {
      field: 'to',
    });
  }
}
