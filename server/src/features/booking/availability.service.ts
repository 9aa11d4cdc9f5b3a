/** A counsellor's own booking hours, absences and settings, and loading them for the free times. */
import { z } from 'zod';
import type { Db } from '../../db/database-types.js';
import { singleLineText } from '../../shared/text.js';
import { recordAudit } from '../../access/audit.js';
import { authorize } from '../../access/policy.js';
import type { RequestContext } from '../../access/request-context.js';
import { minuteText, timeText } from '../../shared/helsinki-time.js';
import { availabilityChannels } from './appointment.table.js';
import { defaultBookingSettings, type Absence, type BookingSettings, type Rule } from './slots.js';
import {
  deleteAvailabilityExceptions,
  deleteAvailabilityRules,
  insertAvailabilityExceptions,
  insertAvailabilityRules,
  selectAvailabilityExceptions,
  selectAvailabilityRules,
  selectBookingSettings,
  upsertBookingSettings,
} from './availability.repository.js';

export const availabilityInputSchema = z.object({
  rules: z
    .array(
      z
        .object({
          channel: z.enum(availabilityChannels),
          weekday: z.number().int().min(1).max(7),
          start: timeText,
          end: timeText,
          location: singleLineText(300).nullable().optional(),
          /** How to find a face-to-face place: entrance, floor, parking, public transport. */
          directions: singleLineText(1000).optional().default(''),
        })
        .refine((r) => r.end > r.start, { message: 'the end must be after the start', path: ['end'] }),
    )
    .max(100),
  absences: z
    .array(
      z
        .object({
          day: z.iso.date(),
          start: timeText.nullable().optional(),
          end: timeText.nullable().optional(),
          note: singleLineText(200).optional().default(''),
        })
        .refine((a) => (a.start == null) === (a.end == null), {
          message: 'give both the start and the end, or neither for the whole day',
          path: ['end'],
        })
        .refine((a) => a.start == null || a.end! > a.start, {
          message: 'the end must be after the start',
          path: ['end'],
        }),
    )
    .max(366),
  settings: z.object({
    slotMinutes: z.number().int().min(15).max(240),
    bufferMinutes: z.number().int().min(0).max(120),
    minNoticeMinutes: z.number().int().min(0).max(20_160),
    horizonDays: z.number().int().min(1).max(180),
  }),
});
export type AvailabilityInput = z.infer<typeof availabilityInputSchema>;

export interface StaffAvailability {
  rules: Rule[];
  absences: Absence[];
  settings: BookingSettings;
}

/** Each counsellor's hours, absences and settings (the defaults when none were saved), by staff id. */
export async function loadAvailability(db: Db, staffIds: string[]) {
  if (staffIds.length === 0) return new Map<string, StaffAvailability>();
  const [rules, absences, settings] = await Promise.all([
    selectAvailabilityRules(db, staffIds),
    selectAvailabilityExceptions(db, staffIds),
    selectBookingSettings(db, staffIds),
  ]);
  const result = new Map<string, StaffAvailability>();
  for (const id of staffIds) {
    const s = settings.find((row) => row.staff_id === id);
    result.set(id, {
      rules: rules
        .filter((r) => r.staff_id === id)
        .map((r) => ({
          channel: r.channel,
          weekday: r.weekday,
          startMinute: r.start_minute,
          endMinute: r.end_minute,
          location: r.location,
          directions: r.directions,
        })),
      absences: absences
        .filter((a) => a.staff_id === id)
        .map((a) => ({ day: a.day, startMinute: a.start_minute, endMinute: a.end_minute, note: a.note })),
      settings: s
        ? {
            slotMinutes: s.slot_minutes,
            bufferMinutes: s.buffer_minutes,
            minNoticeMinutes: s.min_notice_minutes,
            horizonDays: s.horizon_days,
          }
        : defaultBookingSettings,
    });
  }
  return result;
}

/** A counsellor's own hours, absences and booking settings. */
export async function readMyAvailability(db: Db, ctx: RequestContext) {
  const actor = authorize(ctx.actor, 'chat.handle');
  const mine = (await loadAvailability(db, [actor.staffId])).get(actor.staffId)!;
  return {
    rules: mine.rules.map((r) => ({
      channel: r.channel,
      weekday: r.weekday,
      start: minuteText(r.startMinute),
      end: minuteText(r.endMinute),
      location: r.location,
      directions: r.directions ?? '',
    })),
    absences: mine.absences.map((a) => ({
      day: a.day,
      start: a.startMinute === null ? null : minuteText(a.startMinute),
      end: a.endMinute === null ? null : minuteText(a.endMinute),
      note: a.note ?? '',
    })),
    settings: mine.settings,
  };
}

/** Replaces the counsellor's hours and absences; bookings already made stay. */
export async function saveMyAvailability(db: Db, ctx: RequestContext, input: AvailabilityInput) {
  const actor = authorize(ctx.actor, 'chat.handle');
  await db.transaction().execute(async (trx) => {
    await deleteAvailabilityRules(trx, actor.staffId);
    await deleteAvailabilityExceptions(trx, actor.staffId);
    if (input.rules.length) {
      await insertAvailabilityRules(
        trx,
        input.rules.map((r) => ({
          staff_id: actor.staffId,
          channel: r.channel,
          weekday: r.weekday,
          start_minute: r.start,
          end_minute: r.end,
          location: r.location ?? null,
          directions: r.location ? r.directions : '',
        })),
      );
    }
    if (input.absences.length) {
      await insertAvailabilityExceptions(
        trx,
        input.absences.map((a) => ({
          staff_id: actor.staffId,
          day: a.day,
          start_minute: a.start ?? null,
          end_minute: a.end ?? null,
          note: a.note,
        })),
      );
    }
    await upsertBookingSettings(trx, actor.staffId, input.settings);
  });
  await recordAudit(db, ctx, { action: 'availability.update', targetType: 'staff', targetId: actor.staffId });
  return readMyAvailability(db, ctx);
}
