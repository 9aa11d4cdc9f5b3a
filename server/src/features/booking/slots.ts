import { helsinkiInstant, helsinkiClock, minuteText } from '../../shared/helsinki-time.js';
import type { AvailabilityChannel } from './appointment.table.js';

export interface Rule {
  channel: AvailabilityChannel;
  weekday: number;
  startMinute: number;
  endMinute: number;
  location: string | null;
  /** How to find a face-to-face place (empty when none is given). */
  directions?: string;
}

export interface Absence {
  day: string;
  /** Null: the whole day. */
  startMinute: number | null;
  endMinute: number | null;
  /** Why (for the counsellor's own view; never shown to clients). */
  note?: string;
}

export interface BookingSettings {
  slotMinutes: number;
  bufferMinutes: number;
  minNoticeMinutes: number;
  horizonDays: number;
}

export const defaultBookingSettings: BookingSettings = {
  slotMinutes: 45,
  bufferMinutes: 15,
  minNoticeMinutes: 240,
  horizonDays: 30,
};

export interface Slot {
  start: Date;
  end: Date;
  location: string | null;
  directions: string;
}

/** One Helsinki calendar day after another, from the day of `from`. */
function* helsinkiDays(from: Date, count: number): Generator<{ day: string; weekday: number }> {
  const first = helsinkiClock(from).day;
  for (let i = 0; i < count; i++) {
    // Noon UTC of each calendar date is the same date in Helsinki whatever the season.
    const noon = new Date(Date.parse(`${first}T12:00:00Z`) + i * 86_400_000);
    const day = noon.toISOString().slice(0, 10);
    const weekday = ((noon.getUTCDay() + 6) % 7) + 1;
    yield { day, weekday };
  }
}

/**
 * A counsellor's free slots for one channel: the weekly hours cut into slots of the set length
 * (wall-clock times in Europe/Helsinki, so right across the daylight-saving changes), without
 * absences, without what is within the minimum notice or past the horizon, and without any
 * slot whose time plus buffer would overlap a booking's time plus its buffer.
 */
export function freeSlots(input: {
  rules: Rule[];
  absences: Absence[];
  settings: BookingSettings;
  busy: { start: Date; busyUntil: Date }[];
  channel: AvailabilityChannel;
  now: Date;
  /** Only slots starting in [from, to). */
  from?: Date;
  to?: Date;
}): Slot[] {
  const { settings, now } = input;
  const earliest = Math.max(now.getTime() + settings.minNoticeMinutes * 60_000, input.from?.getTime() ?? 0);
  const horizon = now.getTime() + settings.horizonDays * 86_400_000;
  const latest = Math.min(horizon, input.to?.getTime() ?? Infinity);
  const rules = input.rules.filter((r) => r.channel === input.channel);
  const slots: Slot[] = [];
  for (const { day, weekday } of helsinkiDays(now, settings.horizonDays + 1)) {
    const absences = input.absences.filter((a) => a.day === day);
    if (absences.some((a) => a.startMinute === null)) continue;
    for (const rule of rules.filter((r) => r.weekday === weekday)) {
      for (let m = rule.startMinute; m + settings.slotMinutes <= rule.endMinute; m += settings.slotMinutes) {
        const endMinute = m + settings.slotMinutes;
        if (absences.some((a) => a.startMinute! < endMinute && a.endMinute! > m)) continue;
        const start = helsinkiInstant(day, minuteText(m));
        if (start.getTime() < earliest || start.getTime() >= latest) continue;
        const end = new Date(start.getTime() + settings.slotMinutes * 60_000);
        const busyUntil = end.getTime() + settings.bufferMinutes * 60_000;
        const clash = input.busy.some(
          (b) => b.start.getTime() < busyUntil && b.busyUntil.getTime() > start.getTime(),
        );
        if (!clash) slots.push({ start, end, location: rule.location, directions: rule.directions ?? '' });
      }
    }
  }
  return slots.sort((a, b) => a.start.getTime() - b.start.getTime());
}
