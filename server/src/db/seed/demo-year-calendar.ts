import { helsinkiClock, helsinkiInstant, minuteText } from '../../shared/helsinki-time.js';
import type { Random } from './demo-random.js';

/*
 * The demo year's calendar: which days it covers, how busy each is, and when in a day
 * contacts come. Guidance follows the application year: busy in January–March (the spring
 * application and continuous application after New Year) and August–September, quiet in July
 * and over Christmas, most contacts on Monday and Tuesday, few at weekends.
 */

/** The demo year ends today and goes back this many days, within CHAT_RETENTION_DAYS (365). */
export const DEMO_YEAR_DAYS = 364;

const monthFactor = [1.25, 1.15, 1.2, 1.0, 0.95, 0.7, 0.3, 1.3, 1.15, 1.0, 1.0, 0.65] as const;
const weekdayFactor = [1.25, 1.15, 1.0, 1.0, 0.8, 0.2, 0.15] as const;

/** Milliseconds in n minutes. */
export const minutes = (n: number) => n * 60_000;

/** The instant ms after another. */
export const later = (at: Date, ms: number) => new Date(at.getTime() + ms);

/** A Helsinki calendar day `days` after `day` (YYYY-MM-DD). */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** ISO weekday of a calendar day: 1 = Monday … 7 = Sunday. */
export function weekdayOf(day: string): number {
  return ((new Date(`${day}T12:00:00Z`).getUTCDay() + 6) % 7) + 1;
}

/** The days of the demo year, oldest first, ending with today's (Helsinki) day. */
export function yearDays(now: Date): string[] {
  const today = helsinkiClock(now).day;
  return Array.from({ length: DEMO_YEAR_DAYS + 1 }, (_, i) => addDays(today, i - DEMO_YEAR_DAYS));
}

/** How busy a day is relative to an ordinary Wednesday in April. */
export function dayFactor(day: string): number {
  const month = Number(day.slice(5, 7));
  // The days between Christmas Eve and New Year are as quiet as a Sunday.
  const holiday = month === 12 && Number(day.slice(8, 10)) >= 24;
  return monthFactor[month - 1]! * (holiday ? 0.15 : weekdayFactor[weekdayOf(day) - 1]!);
}

const noonOffsets = new Map<string, number>();

/**
 * The instant of a Helsinki wall-clock minute of a day, plus some seconds. The day's offset
 * from UTC is looked up once per day (the year asks for tens of thousands of instants); before
 * 05:00, where a daylight-saving change can fall, every minute is converted on its own.
 */
export function instantAt(day: string, minute: number, seconds = 0): Date {
  if (minute < 5 * 60) return new Date(helsinkiInstant(day, minuteText(minute)).getTime() + seconds * 1000);
  let noon = noonOffsets.get(day);
  if (noon === undefined) {
    noon = helsinkiInstant(day, '12:00').getTime();
    noonOffsets.set(day, noon);
  }
  return new Date(noon + (minute - 12 * 60) * 60_000 + seconds * 1000);
}

/** A minute of the day in office hours, weighted to the late-morning and early-afternoon peaks. */
export function officeMinute(rng: Random, until = 18 * 60): number {
  const hours = [
    [9, 6],
    [10, 10],
    [11, 9],
    [12, 6],
    [13, 9],
    [14, 8],
    [15, 6],
    [16, 4],
    [17, 3],
  ] as const;
  const hour = rng.weighted(hours.filter(([h]) => h * 60 < until));
  return Math.min(hour * 60 + rng.int(0, 59), until - 1);
}

/** A minute of the day when people write (mail, forms): mornings, lunch and evenings. */
export function writingMinute(rng: Random): number {
  const hours = [
    [7, 2],
    [8, 5],
    [9, 7],
    [10, 7],
    [11, 6],
    [12, 6],
    [13, 6],
    [14, 6],
    [15, 5],
    [16, 4],
    [17, 3],
    [18, 4],
    [19, 5],
    [20, 5],
    [21, 4],
    [22, 2],
  ] as const;
  return rng.weighted(hours) * 60 + rng.int(0, 59);
}

/** The next weekday (Monday–Friday) on or after a day. */
export function nextWorkday(day: string): string {
  let d = day;
  while (weekdayOf(d) > 5) d = addDays(d, 1);
  return d;
}
