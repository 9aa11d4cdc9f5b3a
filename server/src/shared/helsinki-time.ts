import { z } from 'zod';

/*
 * The service's clock: calendar days, weekdays and wall-clock minutes in Helsinki, where the
 * service's hours, bookings, events and reports are reckoned (across daylight-saving changes).
 */
export const SERVICE_TIME_ZONE = 'Europe/Helsinki';

const helsinkiParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: SERVICE_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  weekday: 'short',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** The calendar day, weekday and minute of the day in Helsinki at `at`. */
export function helsinkiClock(at: Date): { day: string; weekday: number; minute: number } {
  const parts = Object.fromEntries(helsinkiParts.formatToParts(at).map((p) => [p.type, p.value]));
  return {
    day: `${parts.year}-${parts.month}-${parts.day}`,
    weekday: weekdayIndex[parts.weekday!]!,
    minute: Number(parts.hour) * 60 + Number(parts.minute),
  };
}

export const minuteText = (minute: number): string =>
  `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;

/** 'HH:MM' (or 24:00) read as minutes from midnight; opening hours and counsellors' hours. */
export const timeText = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'must be a time such as 09:00')
  .transform((value) => Number(value.slice(0, 2)) * 60 + Number(value.slice(3, 5)));

/** The instant a Helsinki wall-clock time stands for (right across the DST changes). */
export function helsinkiInstant(date: string, time: string): Date {
  const [h, m] = time.split(':').map(Number) as [number, number];
  const asUtc = Date.parse(`${date}T00:00:00Z`) + (h * 60 + m) * 60_000;
  // The zone's offset at that moment, found from how Helsinki shows the UTC guess; twice, so a
  // guess on the other side of a change settles.
  let instant = asUtc;
  for (let i = 0; i < 2; i++) {
    const shown = helsinkiClock(new Date(instant));
    const shownUtc = Date.parse(`${shown.day}T00:00:00Z`) + shown.minute * 60_000;
    instant = asUtc - (shownUtc - instant);
  }
  return new Date(instant);
}

const weekdayIndex: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };
