import { helsinkiClock, minuteText, timeText } from '../../shared/helsinki-time.js';
import { z } from 'zod';
import type { Db } from '../../db/database-types.js';
import {
  deleteSchedule,
  insertOpeningExceptions,
  insertWeeklyHours,
  selectOpeningExceptions,
  selectWeeklyHours,
} from './opening-hours.repository.js';

export interface WeeklyHours {
  weekday: number;
  opensMinute: number;
  closesMinute: number;
}
export interface OpeningException {
  day: string;
  opensMinute: number | null;
  closesMinute: number | null;
  note: string;
}
export interface Schedule {
  weekly: WeeklyHours[];
  exceptions: OpeningException[];
}

/** The opening intervals of one Helsinki calendar day: the exception if any, else the week. */
export function intervalsOn(schedule: Schedule, day: string, weekday: number): [number, number][] {
  const exceptions = schedule.exceptions.filter((e) => e.day === day);
  if (exceptions.length) {
    return exceptions
      .filter((e) => e.opensMinute !== null && e.closesMinute !== null)
      .map((e) => [e.opensMinute!, e.closesMinute!]);
  }
  return schedule.weekly
    .filter((w) => w.weekday === weekday)
    .map((w): [number, number] => [w.opensMinute, w.closesMinute])
    .sort((a, b) => a[0] - b[0]);
}

export function isOpenAt(schedule: Schedule, at: Date): boolean {
  const clock = helsinkiClock(at);
  return intervalsOn(schedule, clock.day, clock.weekday).some(
    ([opens, closes]) => clock.minute >= opens && clock.minute < closes,
  );
}

/** The next moment the schedule opens after `at`, looking two weeks ahead; null if never. */
export function nextOpening(schedule: Schedule, at: Date): Date | null {
  // Walk in 15-minute steps: exact for the quarter-hour hours the console lets people set,
  // and correct across daylight-saving changes because every step is re-read in Helsinki time.
  const step = 15 * 60_000;
  let t = Math.ceil(at.getTime() / step) * step;
  for (let i = 0; i < 14 * 96; i++, t += step) {
    const candidate = new Date(t);
    if (isOpenAt(schedule, candidate)) return candidate;
  }
  return null;
}

export const scheduleInputSchema = z.object({
  weekly: z
    .array(
      z
        .object({ weekday: z.number().int().min(1).max(7), opens: timeText, closes: timeText })
        .refine((w) => w.closes > w.opens, { message: 'closes must be after opens', path: ['closes'] }),
    )
    .max(50),
  exceptions: z
    .array(
      z
        .object({
          day: z.iso.date(),
          opens: timeText.nullable().default(null),
          closes: timeText.nullable().default(null),
          note: z.string().trim().max(100).default(''),
        })
        .refine((e) => (e.opens === null) === (e.closes === null), {
          message: 'give both times, or neither for a closed day',
          path: ['closes'],
        })
        .refine((e) => e.opens === null || e.closes! > e.opens, {
          message: 'closes must be after opens',
          path: ['closes'],
        }),
    )
    .max(400)
    .refine((list) => new Set(list.map((e) => e.day)).size === list.length, 'one exception per day'),
});
export type ScheduleInput = z.infer<typeof scheduleInputSchema>;

export function scheduleOutput(schedule: Schedule) {
  return {
    weekly: schedule.weekly.map((w) => ({
      weekday: w.weekday,
      opens: minuteText(w.opensMinute),
      closes: minuteText(w.closesMinute),
    })),
    exceptions: schedule.exceptions.map((e) => ({
      day: e.day,
      opens: e.opensMinute === null ? null : minuteText(e.opensMinute),
      closes: e.closesMinute === null ? null : minuteText(e.closesMinute),
      note: e.note,
    })),
  };
}

/** The stored hours of the service (organisationId null) or of one provider. */
export async function loadSchedule(db: Db, organisationId: string | null): Promise<Schedule> {
  const [weekly, exceptions] = await Promise.all([
    selectWeeklyHours(db, organisationId),
    selectOpeningExceptions(db, organisationId),
  ]);
  return {
    weekly: weekly.map((w) => ({
      weekday: w.weekday,
      opensMinute: w.opens_minute,
      closesMinute: w.closes_minute,
    })),
    exceptions: exceptions.map((e) => ({
      day: e.day,
      opensMinute: e.opens_minute,
      closesMinute: e.closes_minute,
      note: e.note,
    })),
  };
}

/**
 * The hours that apply to a provider's chat: its own weekly hours when it has any, otherwise
 * the service's; the service's exceptions (public holidays) apply to everyone.
 */
export async function effectiveSchedule(db: Db, organisationId: string | null): Promise<Schedule> {
  const service = await loadSchedule(db, null);
  if (!organisationId) return service;
  const own = await loadSchedule(db, organisationId);
  const weekly = own.weekly.length ? own.weekly : service.weekly;
  const ownDays = new Set(own.exceptions.map((e) => e.day));
  return {
    weekly,
    exceptions: [...own.exceptions, ...service.exceptions.filter((e) => !ownDays.has(e.day))],
  };
}

export async function saveSchedule(
  db: Db,
  organisationId: string | null,
  input: ScheduleInput,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await deleteSchedule(trx, organisationId);
    await insertWeeklyHours(
      trx,
      organisationId,
      input.weekly.map((w) => ({ weekday: w.weekday, opensMinute: w.opens, closesMinute: w.closes })),
    );
    await insertOpeningExceptions(
      trx,
      organisationId,
      input.exceptions.map((e) => ({
        day: e.day,
        opensMinute: e.opens,
        closesMinute: e.closes,
        note: e.note,
      })),
    );
  });
}
