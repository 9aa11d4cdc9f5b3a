/** Free times: who could take a booking, when they are busy, and the slots they have free. */
import { z } from 'zod';
import type { Db } from '../../db/database-types.js';
import { AppError } from '../../errors.js';
import { helsinkiInstant } from '../../shared/helsinki-time.js';
import { checkOfferedLanguage, languageCodePattern } from '../../conversations/languages.js';
import { selectActiveProvider } from '../../conversations/providers.js';
import { bookableChannels, type BookableChannel } from './appointment.table.js';
import { freeSlots } from './slots.js';
import { loadAvailability } from './availability.service.js';
import { selectBookableStaff, selectBusyAppointments } from './appointment.repository.js';

export const slotQuerySchema = z.object({
  channel: z.enum(bookableChannels),
  /** Any language an active counsellor guides in (only those who speak it are offered). */
  language: z.string().regex(languageCodePattern, 'a language code such as fi or ar').default('fi'),
  provider: z.string().max(100).optional(),
  from: z.iso.date().optional(),
  days: z.coerce.number().int().min(1).max(62).default(14),
});

/** Counsellors who could take a booking: active, speaking the language, of the provider if one was asked for. */
export async function findCandidates(db: Db, language: string, providerSlug: string | undefined) {
  if (!providerSlug) return selectBookableStaff(db, language);
  const provider = await selectActiveProvider(db, providerSlug);
  if (!provider) {
    throw new AppError('request.invalid', 400, 'provider: no such provider', {
      fields: [{ field: 'provider', message: 'provider.not_found' }],
    });
  }
  return selectBookableStaff(db, language, provider.id);
}

/** The times each counsellor is busy with a booking (its buffer included), by staff id. */
export async function findBusyTimes(db: Db, staffIds: string[]) {
  if (!staffIds.length) return new Map<string, { start: Date; busyUntil: Date }[]>();
  const rows = await selectBusyAppointments(db, staffIds);
  const map = new Map<string, { start: Date; busyUntil: Date }[]>();
  for (const row of rows) {
    const list = map.get(row.staff_id) ?? [];
    list.push({ start: new Date(row.starts_at), busyUntil: new Date(row.busy_until) });
    map.set(row.staff_id, list);
  }
  return map;
}

/** Free slots per counsellor for the channel, in [from, to). */
export async function findSlotsByStaff(
  db: Db,
  input: { channel: BookableChannel; language: string; provider?: string | undefined; from: Date; to: Date },
  now: Date,
) {
  const staff = await findCandidates(db, input.language, input.provider);
  const ids = staff.map((s) => s.id);
  const [availability, busy] = await Promise.all([loadAvailability(db, ids), findBusyTimes(db, ids)]);
  return ids.map((id) => {
    const a = availability.get(id)!;
    return {
      staffId: id,
      settings: a.settings,
      slots: freeSlots({
        rules: a.rules,
        absences: a.absences,
        settings: a.settings,
        busy: busy.get(id) ?? [],
        channel: input.channel,
        now,
        from: input.from,
        to: input.to,
      }),
    };
  });
}

/** Whether any matching counsellor's hours include the time at all (taken or not). */
export async function hasHoursAt(
  db: Db,
  input: { channel: BookableChannel; language: string; provider?: string | undefined },
  start: Date,
  now: Date,
): Promise<boolean> {
  const staff = await findCandidates(db, input.language, input.provider);
  const availability = await loadAvailability(
    db,
    staff.map((s) => s.id),
  );
  return [...availability.values()].some((a) =>
    freeSlots({
      rules: a.rules,
      absences: a.absences,
      settings: a.settings,
      busy: [],
      channel: input.channel,
      now,
      from: start,
      to: new Date(start.getTime() + 1),
    }).some((s) => s.start.getTime() === start.getTime()),
  );
}

/**
 * Free times across every matching counsellor, without saying whose: one entry per start
 * time, however many counsellors are free then.
 */
export async function listSlots(db: Db, query: z.infer<typeof slotQuerySchema>, now = new Date()) {
  await checkOfferedLanguage(db, query.language);
  const from = query.from ? helsinkiInstant(query.from, '00:00') : now;
  const to = new Date(Math.max(from.getTime(), now.getTime()) + query.days * 86_400_000);
  const perStaff = await findSlotsByStaff(db, { ...query, from, to }, now);
  const byStart = new Map<number, { start: string; end: string; location: string | null }>();
  for (const { slots } of perStaff) {
    for (const slot of slots) {
      if (!byStart.has(slot.start.getTime())) {
        byStart.set(slot.start.getTime(), {
          start: slot.start.toISOString(),
          end: slot.end.toISOString(),
          location: slot.location,
        });
      }
    }
  }
  return {
    channel: query.channel,
    slots: [...byStart.entries()].sort((a, b) => a[0] - b[0]).map(([, s]) => s),
  };
}
