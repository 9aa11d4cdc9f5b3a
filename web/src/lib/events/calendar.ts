import { helsinkiNow } from '$lib/contact/call-window';
import type { Lang } from '$lib/i18n/i18n';

const locales = { fi: 'fi-FI', sv: 'sv-FI', en: 'en-GB' } as const;

/** `2026-12` → true; months outside 2000–2099 are not calendar pages anyone needs. */
export const isMonthText = (value: string) => /^20\d{2}-(0[1-9]|1[0-2])$/.test(value);

/** The month `delta` months from a YYYY-MM month. */
export function addMonths(month: string, delta: number): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  const index = year * 12 + (m - 1) + delta;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The first and last day of a YYYY-MM month. */
export function monthRange(month: string): { from: string; to: string } {
  const [year, m] = month.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(year, m, 0)).getUTCDate();
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, '0')}` };
}

/** "joulukuu 2026", "december 2026", "December 2026". */
export function monthName(month: string, lang: Lang): string {
  return new Intl.DateTimeFormat(locales[lang], { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${month}-15T12:00:00Z`),
  );
}

/** Monday-first weekday names: long for screen readers, short for the table header. */
export function weekdayNames(lang: Lang): { long: string; short: string }[] {
  // 2024-01-01 was a Monday.
  return Array.from({ length: 7 }, (_, i) => {
    const day = new Date(Date.UTC(2024, 0, 1 + i, 12));
    const format = (weekday: 'long' | 'short') =>
      new Intl.DateTimeFormat(locales[lang], { weekday, timeZone: 'UTC' }).format(day);
    return { long: format('long'), short: format('short') };
  });
}

/** The weeks of a month, Monday first; days outside the month are null. */
export function monthWeeks(month: string): (string | null)[][] {
  const { from, to } = monthRange(month);
  const lastDay = Number(to.slice(8));
  const firstWeekday = (new Date(`${from}T12:00:00Z`).getUTCDay() + 6) % 7;
  const cells: (string | null)[] = [
    ...Array.from({ length: firstWeekday }, () => null),
    ...Array.from({ length: lastDay }, (_, i) => `${month}-${String(i + 1).padStart(2, '0')}`),
  ];
  while (cells.length % 7 !== 0) cells.push(null);
  return Array.from({ length: cells.length / 7 }, (_, w) => cells.slice(w * 7, w * 7 + 7));
}

/** The Helsinki day an event starts on. */
export const eventDay = (iso: string) => helsinkiNow(new Date(iso)).day;

/** Items grouped under the Helsinki day they start on, in order. */
export function groupByStartDay<T extends { startsAt: string }>(items: T[]): { day: string; items: T[] }[] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const day = eventDay(item.startsAt);
    groups.set(day, [...(groups.get(day) ?? []), item]);
  }
  return [...groups.entries()].map(([day, list]) => ({ day, items: list }));
}

/** "maanantai 7.12.2026" style heading of a YYYY-MM-DD day. */
export function formatDay(day: string, lang: Lang): string {
  return new Intl.DateTimeFormat(locales[lang], {
    weekday: 'long',
    day: 'numeric',
    month: lang === 'en' ? 'long' : 'numeric',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${day}T12:00:00Z`));
}

/** 12.00 in Finnish and Swedish, 12:00 in English, Helsinki time. */
export function formatClock(iso: string, lang: Lang): string {
  return new Intl.DateTimeFormat(locales[lang], {
    hour: lang === 'en' ? '2-digit' : 'numeric',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone: 'Europe/Helsinki',
  }).format(new Date(iso));
}

/** 12.00–17.00, or with the end day when the event runs past midnight. */
export function formatTimes(startsAt: string, endsAt: string, lang: Lang): string {
  const endDay = eventDay(endsAt) === eventDay(startsAt) ? '' : `${formatDay(eventDay(endsAt), lang)} `;
  return `${formatClock(startsAt, lang)}–${endDay}${formatClock(endsAt, lang)}`;
}
