import type { Lang } from '$lib/i18n/i18n';
import { helsinkiNow } from '$lib/contact/call-window';

const locales = { fi: 'fi', sv: 'sv-FI', en: 'en-GB' } as const;

/** 14.30 in Finnish and Swedish, 14:30 in English, Helsinki time. */
export function formatSlotTime(iso: string, lang: Lang): string {
  return new Intl.DateTimeFormat(locales[lang], {
    // 9.30 in Finnish and Swedish, 09:30 in English, as people write them.
    hour: lang === 'en' ? '2-digit' : 'numeric',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone: 'Europe/Helsinki',
  }).format(new Date(iso));
}

/** "maanantaina 7.12.2026"-style day heading of an instant, in Helsinki. */
export function formatSlotDay(iso: string, lang: Lang): string {
  return new Intl.DateTimeFormat(locales[lang], {
    weekday: 'long',
    day: 'numeric',
    month: lang === 'en' ? 'long' : 'numeric',
    year: 'numeric',
    timeZone: 'Europe/Helsinki',
  }).format(new Date(iso));
}

/** The whole time of a meeting: "maanantai 7.12.2026 klo 14.00–14.45" in spirit, per language. */
export function formatSlotRange(start: string, end: string, lang: Lang): string {
  return `${formatSlotDay(start, lang)} ${formatSlotTime(start, lang)}–${formatSlotTime(end, lang)}`;
}

/** Slots grouped under their Helsinki day, in order. */
export function groupByDay<T extends { start: string }>(slots: T[]): { day: string; slots: T[] }[] {
  const groups = new Map<string, T[]>();
  for (const slot of slots) {
    const day = helsinkiNow(new Date(slot.start)).day;
    groups.set(day, [...(groups.get(day) ?? []), slot]);
  }
  return [...groups.entries()].map(([day, list]) => ({ day, slots: list }));
}

/** The day `days` after a YYYY-MM-DD day. */
export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

export const isDayText = (value: string) =>
  /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value));

/** An ISO instant as the slot list gives them; anything else is not a time to book. */
export const isInstant = (value: string) =>
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value) &&
  !Number.isNaN(Date.parse(value));
