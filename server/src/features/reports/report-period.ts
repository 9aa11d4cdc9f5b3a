/** Report periods: Helsinki calendar days, the whole months inside a period, and how it splits. */
import { helsinkiClock, SERVICE_TIME_ZONE } from '../../shared/helsinki-time.js';

/** Report days are Helsinki calendar days; the heat map is in Helsinki local time. */
export const REPORT_TIME_ZONE = SERVICE_TIME_ZONE;

/** Days as `YYYY-MM-DD`, counted in whole days (UTC dates, so no clock changes). */
const DAY = 86_400_000;
const toTime = (day: string) => Date.parse(`${day}T00:00:00Z`);
const toDay = (time: number) => new Date(time).toISOString().slice(0, 10);
export const addDays = (day: string, days: number) => toDay(toTime(day) + days * DAY);
export function nextMonth(month: string): string {
  const date = new Date(toTime(month));
  date.setUTCMonth(date.getUTCMonth() + 1);
  return toDay(date.getTime());
}

/** The first day of the Helsinki month an instant falls in. */
export function helsinkiMonth(instant: Date): string {
  return `${helsinkiClock(instant).day.slice(0, 8)}01`;
}

/** A run of Helsinki days, both inclusive, read from the contacts themselves. */
export interface DaySpan {
  from: string;
  to: string;
}
export interface PeriodPlan {
  /** Whole months read from the roll-up (first days, ascending). */
  months: string[];
  /** The rest of the period, read from `conversations`. */
  spans: DaySpan[];
}

/** The whole months inside a period of days. */
export function wholeMonths(from: string, to: string): string[] {
  const months: string[] = [];
  let month = from.endsWith('-01') ? from : nextMonth(`${from.slice(0, 8)}01`);
  while (addDays(nextMonth(month), -1) <= to) {
    months.push(month);
    month = nextMonth(month);
  }
  return months;
}

/** A period as rolled-up months and the spans of days between and around them. */
export function splitPeriod(from: string, to: string, months: string[]): PeriodPlan {
  const spans: DaySpan[] = [];
  let cursor = from;
  for (const month of months) {
    if (cursor < month) spans.push({ from: cursor, to: addDays(month, -1) });
    cursor = nextMonth(month);
  }
  if (cursor <= to) spans.push({ from: cursor, to });
  return { months, spans };
}
