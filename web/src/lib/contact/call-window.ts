import type { Lang } from '$lib/i18n/i18n';

/** Call-backs are made between 08:00 and 18:00, Helsinki time, in half-hour steps. */
export const callTimes: string[] = Array.from({ length: 21 }, (_, i) => {
  const minutes = 8 * 60 + i * 30;
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${minutes % 60 === 0 ? '00' : '30'}`;
});
/** A window starts at 17:30 at the latest and ends at 08:30 at the earliest. */
export const fromTimes = callTimes.slice(0, -1);
export const toTimes = callTimes.slice(1);

/** How far ahead a call-back can be asked for: the API's CALLBACK_HORIZON_DAYS, past which it refuses a day. */
export const CALL_DAYS_AHEAD = 60;

const helsinkiParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Helsinki',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** The Helsinki calendar day (YYYY-MM-DD) and time (HH:MM) at `at`: the service's clock. */
export function helsinkiNow(at: Date): { day: string; time: string } {
  const parts = Object.fromEntries(helsinkiParts.formatToParts(at).map((p) => [p.type, p.value]));
  return { day: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
}

/** The days a call-back can be asked for: today up to 60 days ahead, as the API counts them. */
export function callDayRange(at: Date): { min: string; max: string } {
  return {
    min: helsinkiNow(at).day,
    max: helsinkiNow(new Date(at.getTime() + CALL_DAYS_AHEAD * 86_400_000)).day,
  };
}

/** 09:30 as people in Finland write it: 9.30 in Finnish and Swedish, 09:30 in English. */
export function formatTime(time: string, lang: Lang): string {
  if (lang === 'en') return time;
  const [hours = '', minutes = ''] = time.split(':');
  return `${Number(hours)}.${minutes}`;
}

/** "torstaina 12.3.2026", "torsdag 12.3.2026", "Thursday, 12 March 2026". */
export function formatCallDay(day: string, lang: Lang): string {
  const locale = { fi: 'fi', sv: 'sv-FI', en: 'en-GB' }[lang];
  return new Intl.DateTimeFormat(locale, {
    weekday: 'long',
    day: 'numeric',
    month: lang === 'en' ? 'long' : 'numeric',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${day}T12:00:00Z`));
}
