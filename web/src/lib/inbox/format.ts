import { chatErrorText } from '$lib/chat/format';
import type { MessageKey, Translate } from '$lib/i18n/i18n';

/* The inbox's (/console/inbox) words for refusals, durations, times and sizes. */

const contactErrorKeys: Record<string, MessageKey> = {
  'conversation.not_found': 'inbox_conv.error.not_found',
  'mail.not_found': 'inbox_conv.error.not_found',
  'conversation.closed': 'inbox_conv.error.closed',
  'conversation.already_taken': 'inbox_conv.error.taken',
  'conversation.not_assigned': 'inbox_conv.error.not_assigned',
  'mail.not_failed': 'inbox_conv.error.mail_not_failed',
};

/** A refused request on an inbox page, in the words of contacts of every channel rather than chats. */
export function contactErrorText(t: Translate, error: { code: string; status?: number }): string {
  const key = contactErrorKeys[error.code];
  return key ? t(key) : chatErrorText(t, error);
}

/** A length of time in words of the UI language, coarse enough to read at a glance: "12 min", "3 h 5 min". */
export function formatDuration(t: Translate, totalSeconds: number): string {
  const seconds = Math.max(0, Math.round(totalSeconds));
  if (seconds < 60) return t('duration.seconds', { n: seconds });
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return t('duration.minutes', { n: minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 24) {
    return minutes % 60
      ? t('duration.hours', { h: hours, m: minutes % 60 })
      : t('duration.whole_hours', { h: hours });
  }
  const days = Math.floor(hours / 24);
  return hours % 24 ? t('duration.days', { d: days, h: hours % 24 }) : t('duration.whole_days', { d: days });
}

const helsinkiParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Helsinki',
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
});

/** The wall-clock time in Helsinki at an instant, as milliseconds of a UTC date with the same digits. */
function helsinkiWallClock(instant: number): number {
  const parts = Object.fromEntries(
    helsinkiParts.formatToParts(new Date(instant)).map((part) => [part.type, part.value]),
  );
  return Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
  );
}

/**
 * A date (YYYY-MM-DD) and time (HH:MM) as a counsellor in Finland means them, as an ISO instant;
 * undefined when they are not a real date and time. Helsinki's offset changes twice a year, so
 * the offset is read at the instant itself rather than assumed.
 */
export function helsinkiToIso(date: string, time: string): string | undefined {
  const dateMatch = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const timeMatch = /^(\d{2}):(\d{2})$/.exec(time);
  if (!dateMatch || !timeMatch) return undefined;
  const [year, month, day] = dateMatch.slice(1).map(Number) as [number, number, number];
  const [hour, minute] = timeMatch.slice(1).map(Number) as [number, number];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59) return undefined;
  const wanted = Date.UTC(year, month - 1, day, hour, minute);
  if (new Date(wanted).getUTCDate() !== day) return undefined;
  let instant = wanted - (helsinkiWallClock(wanted) - wanted);
  // Near a change of offset the first guess can be an hour off; one correction settles it.
  instant += wanted - helsinkiWallClock(instant);
  return new Date(instant).toISOString();
}

/** Today's date in Helsinki as YYYY-MM-DD (the earliest a call-back can be moved to). */
export function helsinkiToday(now: number): string {
  return new Date(helsinkiWallClock(now)).toISOString().slice(0, 10);
}

/** A date and time in Helsinki without the year: "12.3. klo 10.00" style, per UI language. */
export function formatShortDateTime(iso: string, lang: string): string {
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : lang, {
    day: 'numeric',
    month: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'Europe/Helsinki',
  }).format(new Date(iso));
}

/** A file size for an attachment link: "840 kt", "2,1 Mt" in Finnish. */
export function formatBytes(t: Translate, lang: string, bytes: number): string {
  const number = (value: number) =>
    new Intl.NumberFormat(lang === 'en' ? 'en-GB' : lang, { maximumFractionDigits: 1 }).format(value);
  if (bytes < 1024 * 1024) return t('size.kilobytes', { n: number(Math.max(1, Math.round(bytes / 1024))) });
  return t('size.megabytes', { n: number(bytes / (1024 * 1024)) });
}
