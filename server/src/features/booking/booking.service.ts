import { closeConversation } from '../../conversations/lifecycle.js';
import { openConversation } from '../../conversations/open-conversation.js';
import { sql } from 'kysely';
import { z } from 'zod';
import type { Db } from '../../db/database-types.js';
import { AppError } from '../../errors.js';
import { multiLineText, singleLineText } from '../../shared/text.js';
import { recordAudit } from '../../access/audit.js';
import { authorize } from '../../access/policy.js';
import type { RequestContext } from '../../access/request-context.js';
import type { ChatNotifier } from '../../conversations/notifier.js';
import { randomUUID } from 'node:crypto';
import { sha256 } from '../../shared/secrets.js';
import { phoneOrFail } from '../../shared/phone.js';
import type { ContactDeps } from '../../conversations/channel-deps.js';
import { helsinkiInstant, minuteText, timeText } from '../../shared/helsinki-time.js';
import { appointmentConfirmation, counsellorBookingNotice } from './booking.mail.js';
import { queueMail } from '../../conversations/mail-outbox.js';
import { bookingTokens, manageUrl, meetingUrl } from '../../conversations/link-tokens.js';
import { mapSearchUrl } from '../../shared/urls/booking-urls.js';
import { calendarFile } from '../../shared/ical.js';
import { chatLanguages, chatTopics, MESSAGE_MAX_LENGTH } from '../../conversations/vocabulary.js';
import { isExclusionViolation, isUniqueViolation } from '../../db/database-errors.js';
import { appendMessage } from '../../conversations/message.repository.js';
import { availabilityChannels, bookableChannels, type BookableChannel } from './appointment.table.js';
import { defaultBookingSettings, freeSlots, type Absence, type BookingSettings, type Rule } from './slots.js';

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

async function loadAvailability(db: Db, staffIds: string[]) {
  if (staffIds.length === 0)
    return new Map<string, { rules: Rule[]; absences: Absence[]; settings: BookingSettings }>();
  const [rules, absences, settings] = await Promise.all([
    db.selectFrom('availability_rules').selectAll().where('staff_id', 'in', staffIds).execute(),
    db
      .selectFrom('availability_exceptions')
      .select([
        'staff_id',
        sql<string>`to_char(day, 'YYYY-MM-DD')`.as('day'),
        'start_minute',
        'end_minute',
        'note',
      ])
      .where('staff_id', 'in', staffIds)
      .execute(),
    db.selectFrom('booking_settings').selectAll().where('staff_id', 'in', staffIds).execute(),
  ]);
  const result = new Map<string, { rules: Rule[]; absences: Absence[]; settings: BookingSettings }>();
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
    await trx.deleteFrom('availability_rules').where('staff_id', '=', actor.staffId).execute();
    await trx.deleteFrom('availability_exceptions').where('staff_id', '=', actor.staffId).execute();
    if (input.rules.length) {
      await trx
        .insertInto('availability_rules')
        .values(
          input.rules.map((r) => ({
            staff_id: actor.staffId,
            channel: r.channel,
            weekday: r.weekday,
            start_minute: r.start,
            end_minute: r.end,
            location: r.location ?? null,
            directions: r.location ? r.directions : '',
          })),
        )
        .execute();
    }
    if (input.absences.length) {
      await trx
        .insertInto('availability_exceptions')
        .values(
          input.absences.map((a) => ({
            staff_id: actor.staffId,
            day: a.day,
            start_minute: a.start ?? null,
            end_minute: a.end ?? null,
            note: a.note,
          })),
        )
        .execute();
    }
    const s = input.settings;
    await trx
      .insertInto('booking_settings')
      .values({
        staff_id: actor.staffId,
        slot_minutes: s.slotMinutes,
        buffer_minutes: s.bufferMinutes,
        min_notice_minutes: s.minNoticeMinutes,
        horizon_days: s.horizonDays,
      })
      .onConflict((oc) =>
        oc.column('staff_id').doUpdateSet({
          slot_minutes: s.slotMinutes,
          buffer_minutes: s.bufferMinutes,
          min_notice_minutes: s.minNoticeMinutes,
          horizon_days: s.horizonDays,
          updated_at: sql<Date>`now()`,
        }),
      )
      .execute();
  });
  await recordAudit(db, ctx, { action: 'availability.update', targetType: 'staff', targetId: actor.staffId });
  return readMyAvailability(db, ctx);
}

export const slotQuerySchema = z.object({
  channel: z.enum(bookableChannels),
  language: z.enum(chatLanguages).default('fi'),
  provider: z.string().max(100).optional(),
  from: z.iso.date().optional(),
  days: z.coerce.number().int().min(1).max(62).default(14),
});

/** Counsellors who could take a booking: active, speaking the language, of the provider if one was asked for. */
async function candidates(db: Db, language: string, providerSlug: string | undefined) {
  let query = db
    .selectFrom('staff as s')
    .select(['s.id', 's.organisation_id'])
    .where('s.is_active', '=', true)
    .where('s.role', 'in', ['counsellor', 'org_admin'])
    .where(sql<boolean>`${language} = any(s.languages)`);
  if (providerSlug) {
    const provider = await db
      .selectFrom('organisations')
      .select('id')
      .where('slug', '=', providerSlug)
      .where('is_active', '=', true)
      .executeTakeFirst();
    if (!provider) {
      throw new AppError('request.invalid', 400, 'provider: no such provider', {
        fields: [{ field: 'provider', message: 'provider.not_found' }],
      });
    }
    query = query.where('s.organisation_id', '=', provider.id);
  }
  return query.execute();
}

async function busyOf(db: Db, staffIds: string[]) {
  if (!staffIds.length) return new Map<string, { start: Date; busyUntil: Date }[]>();
  const rows = await db
    .selectFrom('appointments')
    .select(['staff_id', 'starts_at', 'busy_until'])
    .where('staff_id', 'in', staffIds)
    .where('status', '=', 'booked')
    .where('busy_until', '>', sql<Date>`now()`)
    .execute();
  const map = new Map<string, { start: Date; busyUntil: Date }[]>();
  for (const row of rows) {
    const list = map.get(row.staff_id) ?? [];
    list.push({ start: new Date(row.starts_at), busyUntil: new Date(row.busy_until) });
    map.set(row.staff_id, list);
  }
  return map;
}

/** Free slots per counsellor for the channel, in [from, to). */
async function slotsByStaff(
  db: Db,
  input: { channel: BookableChannel; language: string; provider?: string | undefined; from: Date; to: Date },
  now: Date,
) {
  const staff = await candidates(db, input.language, input.provider);
  const ids = staff.map((s) => s.id);
  const [availability, busy] = await Promise.all([loadAvailability(db, ids), busyOf(db, ids)]);
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

/**
 * Free times across every matching counsellor, without saying whose: one entry per start
 * time, however many counsellors are free then.
 */
export async function listSlots(db: Db, query: z.infer<typeof slotQuerySchema>, now = new Date()) {
  const from = query.from ? helsinkiInstant(query.from, '00:00') : now;
  const to = new Date(Math.max(from.getTime(), now.getTime()) + query.days * 86_400_000);
  const perStaff = await slotsByStaff(db, { ...query, from, to }, now);
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

export const bookingSchema = z.object({
  channel: z.enum(bookableChannels),
  start: z.iso.datetime({ offset: true }),
  language: z.enum(chatLanguages).default('fi'),
  topic: z.enum(chatTopics).default('other'),
  provider: z.string().max(100).optional(),
  name: singleLineText(100, { min: 1, minMessage: 'give your name' }),
  email: z.email('not an email address').max(200),
  phone: z.string().max(40).optional().default(''),
  description: multiLineText(MESSAGE_MAX_LENGTH).optional().default(''),
  consent: z.literal(true, { error: 'consent is required' }),
  /** The same key sent again (a double submit) gets the first booking back. */
  requestKey: z
    .string()
    .regex(/^[A-Za-z0-9_-]{8,64}$/)
    .optional(),
});
export type BookingInput = z.infer<typeof bookingSchema>;

export interface Booked {
  appointmentId: string;
  conversationId: string;
  channel: BookableChannel;
  start: string;
  end: string;
  location: string | null;
  /** Face-to-face: how to find the place, and a map search for its address. */
  directions?: string;
  mapUrl?: string | null;
  /** Shown once, in the confirmation: it lets the client cancel or move the booking. */
  manageToken?: string;
  /** Video meetings: the client's meeting link token, shown once like the manage token. */
  meetingToken?: string;
}

/**
 * Books a slot: the counsellors free at that time are tried in a fair order (fewest upcoming
 * bookings, then longest since their last one); the database's exclusion constraint decides
 * when two requests race for the same counsellor, so exactly one of them gets them.
 */
export async function book(
  deps: ContactDeps,
  ctx: RequestContext,
  input: BookingInput,
  now = new Date(),
): Promise<Booked> {
  const { db, notifier } = deps;
  if (input.requestKey) {
    const earlier = await existingBooking(db, input.requestKey);
    if (earlier) return earlier;
  }
  const start = new Date(input.start);
  if (start.getTime() <= now.getTime()) {
    throw new AppError('appointment.in_past', 400, 'That time has passed; choose another');
  }
  const phone =
    input.channel === 'phone' ? phoneOrFail(input.phone) : input.phone ? phoneOrFail(input.phone) : null;
  const perStaff = await slotsByStaff(
    db,
    {
      channel: input.channel,
      language: input.language,
      provider: input.provider,
      from: start,
      to: new Date(start.getTime() + 1),
    },
    now,
  );
  const offering = perStaff.filter((p) => p.slots.some((s) => s.start.getTime() === start.getTime()));
  if (offering.length === 0) {
    // Not a time anyone offers: tampered, outside the hours, or taken since the page was loaded.
    const anyHours = await hoursCover(db, input, start, now);
    if (!anyHours) throw new AppError('appointment.slot_invalid', 400, 'No counsellor offers that time');
    throw new AppError('appointment.slot_taken', 409, 'That time has just been booked; choose another');
  }
  const order = await fairOrder(
    db,
    offering.map((o) => o.staffId),
  );
  for (const staffId of order) {
    const entry = offering.find((o) => o.staffId === staffId)!;
    const slot = entry.slots.find((s) => s.start.getTime() === start.getTime())!;
    const appointmentId = randomUUID();
    const tokens = await bookingTokens(db, appointmentId);
    const token = tokens.manage;
    const meetingToken = input.channel === 'video' ? tokens.meeting : undefined;
    try {
      const created = await db.transaction().execute(async (trx) => {
        const staff = await trx
          .selectFrom('staff')
          .select(['organisation_id'])
          .where('id', '=', staffId)
          .executeTakeFirstOrThrow();
        const { conversation } = await openConversation(trx, {
          channel: input.channel,
          status: 'active',
          client: {
            firstName: input.name.split(/\s+/)[0]!.slice(0, 50),
            email: input.email,
            phone,
            language: input.language,
            consent: true,
          },
          organisationId: staff.organisation_id,
          assignedStaffId: staffId,
          topic: input.topic,
          language: input.language,
          subject: input.description ? input.description.replace(/\s+/g, ' ').slice(0, 80) : null,
          dueAt: slot.start,
          details: { origin: 'booking', firstName: input.name.split(/\s+/)[0] ?? null },
          first: {
            kind: 'message',
            authorType: 'client',
            body: input.description,
            details: { appointmentId },
          },
        });
        const appointment = await trx
          .insertInto('appointments')
          .values({
            id: appointmentId,
            conversation_id: conversation.id,
            staff_id: staffId,
            channel: input.channel,
            starts_at: slot.start,
            ends_at: slot.end,
            busy_until: new Date(slot.end.getTime() + entry.settings.bufferMinutes * 60_000),
            location: slot.location,
            directions: slot.directions,
            manage_token_hash: sha256(token),
            meeting_token_hash: meetingToken ? sha256(meetingToken) : null,
            request_key: input.requestKey ?? null,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        return { appointmentId: appointment.id, conversationId: conversation.id };
      });
      await recordAudit(db, ctx, {
        action: 'appointment.book',
        targetType: 'conversation',
        targetId: created.conversationId,
        details: { channel: input.channel },
      });
      notifier.assigned(staffId, created.conversationId);
      await mailBooking(deps, {
        appointmentId,
        conversationId: created.conversationId,
        staffId,
        input,
        slot,
        tokens: { manage: token, meeting: meetingToken ?? null },
      });
      return {
        ...created,
        channel: input.channel,
        start: slot.start.toISOString(),
        end: slot.end.toISOString(),
        location: slot.location,
        directions: slot.directions,
        mapUrl: input.channel === 'in_person' ? mapSearchUrl(slot.location) : null,
        manageToken: token,
        ...(meetingToken ? { meetingToken } : {}),
      };
    } catch (error) {
      if (isExclusionViolation(error)) continue; // someone else got this counsellor first
      if (isUniqueViolation(error) && input.requestKey) {
        const earlier = await existingBooking(db, input.requestKey);
        if (earlier) return earlier;
      }
      throw error;
    }
  }
  throw new AppError('appointment.slot_taken', 409, 'That time has just been booked; choose another');
}

async function existingBooking(db: Db, requestKey: string): Promise<Booked | undefined> {
  const row = await db
    .selectFrom('appointments')
    .select(['id', 'conversation_id', 'channel', 'starts_at', 'ends_at', 'location', 'directions'])
    .where('request_key', '=', requestKey)
    .executeTakeFirst();
  return row
    ? {
        appointmentId: row.id,
        conversationId: row.conversation_id,
        channel: row.channel,
        start: new Date(row.starts_at).toISOString(),
        end: new Date(row.ends_at).toISOString(),
        location: row.location,
        directions: row.directions,
        mapUrl: row.channel === 'in_person' ? mapSearchUrl(row.location) : null,
      }
    : undefined;
}

/** Whether any matching counsellor's hours include the time at all (taken or not). */
async function hoursCover(db: Db, input: BookingInput, start: Date, now: Date): Promise<boolean> {
  const staff = await candidates(db, input.language, input.provider);
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

/** Round robin: fewest upcoming bookings first, then the one whose last booking is oldest. */
async function fairOrder(db: Db, staffIds: string[]): Promise<string[]> {
  const rows = await db
    .selectFrom('appointments')
    .select([
      'staff_id',
      sql<number>`count(*) filter (where status = 'booked' and starts_at > now())`.as('upcoming'),
      sql<Date | null>`max(created_at)`.as('last_booked'),
    ])
    .where('staff_id', 'in', staffIds)
    .groupBy('staff_id')
    .execute();
  const stats = new Map(rows.map((r) => [r.staff_id, r]));
  return [...staffIds].sort((a, b) => {
    const sa = stats.get(a);
    const sb = stats.get(b);
    const ua = Number(sa?.upcoming ?? 0);
    const ub = Number(sb?.upcoming ?? 0);
    if (ua !== ub) return ua - ub;
    const la = sa?.last_booked ? new Date(sa.last_booked).getTime() : 0;
    const lb = sb?.last_booked ? new Date(sb.last_booked).getTime() : 0;
    if (la !== lb) return la - lb;
    return a.localeCompare(b);
  });
}

/** Cancels through the manage link's token; the slot is free again at once. */
export async function cancelByToken(db: Db, notifier: ChatNotifier, token: string) {
  const notFound = new AppError('appointment.not_found', 404, 'No such booking, or the link has expired');
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) throw notFound;
  const row = await db
    .selectFrom('appointments')
    .select(['id', 'conversation_id', 'status', 'starts_at'])
    .where('manage_token_hash', '=', sha256(token))
    .executeTakeFirst();
  if (!row) throw notFound;
  if (row.status !== 'booked')
    throw new AppError('appointment.not_booked', 409, 'This booking is no longer active');
  if (new Date(row.starts_at).getTime() <= Date.now()) {
    throw new AppError('appointment.started', 409, 'A meeting that has begun cannot be cancelled here');
  }
  const seq = await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('appointments')
      .set({ status: 'cancelled', cancelled_at: sql<Date>`now()` })
      .where('id', '=', row.id)
      .where('status', '=', 'booked')
      .execute();
    const cancelled = { type: 'appointment_cancelled', details: { by: 'client' } };
    const seq = await closeConversation(trx, row.conversation_id, {
      outcome: 'no_answer_needed',
      event: cancelled,
    });
    if (typeof seq === 'number') return seq;
    // Closed already by the counsellor: the cancellation is still recorded in the stream.
    const { message } = await appendMessage(trx, {
      conversationId: row.conversation_id,
      kind: 'event',
      authorType: 'system',
      eventType: cancelled.type,
      details: cancelled.details,
    });
    return message.seq;
  });
  notifier.message(row.conversation_id, seq);
  notifier.conversationChanged(row.conversation_id);
  return { id: row.id, status: 'cancelled' as const };
}

async function appointmentByToken(db: Db, token: string) {
  const notFound = new AppError('appointment.not_found', 404, 'No such booking, or the link has expired');
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) throw notFound;
  const row = await db
    .selectFrom('appointments as a')
    .innerJoin('staff as s', 's.id', 'a.staff_id')
    .innerJoin('conversations as c', 'c.id', 'a.conversation_id')
    .select([
      'a.id',
      'a.conversation_id',
      'a.staff_id',
      'a.channel',
      'a.starts_at',
      'a.ends_at',
      'a.location',
      'a.directions',
      'a.status',
      's.name as staff_name',
      'c.language',
      'c.topic',
    ])
    .where('a.manage_token_hash', '=', sha256(token))
    .executeTakeFirst();
  if (!row) throw notFound;
  return row;
}

/** What the manage link shows: the booking, without anything about other people. */
export async function readByToken(db: Db, token: string) {
  const row = await appointmentByToken(db, token);
  return {
    id: row.id,
    channel: row.channel,
    status: row.status,
    start: new Date(row.starts_at).toISOString(),
    end: new Date(row.ends_at).toISOString(),
    location: row.location,
    directions: row.directions,
    mapUrl: row.channel === 'in_person' ? mapSearchUrl(row.location) : null,
    counsellor: row.staff_name.split(/\s+/)[0] ?? null,
    language: row.language,
    topic: row.topic,
  };
}

export const rescheduleSchema = z.object({ start: z.iso.datetime({ offset: true }) });

/**
 * Moves a booking to another free time of the same counsellor, in one transaction: the new
 * time is taken (the exclusion constraint decides races) before the old one is released.
 */
export async function rescheduleByToken(
  db: Db,
  notifier: ChatNotifier,
  token: string,
  input: z.infer<typeof rescheduleSchema>,
  now = new Date(),
) {
  const row = await appointmentByToken(db, token);
  if (row.status !== 'booked')
    throw new AppError('appointment.not_booked', 409, 'This booking is no longer active');
  if (new Date(row.starts_at).getTime() <= now.getTime()) {
    throw new AppError('appointment.started', 409, 'A meeting that has begun cannot be moved here');
  }
  const start = new Date(input.start);
  if (start.getTime() <= now.getTime())
    throw new AppError('appointment.in_past', 400, 'That time has passed; choose another');
  const availability = (await loadAvailability(db, [row.staff_id])).get(row.staff_id)!;
  const busy = ((await busyOf(db, [row.staff_id])).get(row.staff_id) ?? []).filter(
    (b) => b.start.getTime() !== new Date(row.starts_at).getTime(),
  );
  const slot = freeSlots({
    rules: availability.rules,
    absences: availability.absences,
    settings: availability.settings,
    busy,
    channel: row.channel,
    now,
    from: start,
    to: new Date(start.getTime() + 1),
  }).find((s) => s.start.getTime() === start.getTime());
  if (!slot) throw new AppError('appointment.slot_taken', 409, 'That time is not free; choose another');
  try {
    const seq = await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('appointments')
        .set({
          starts_at: slot.start,
          ends_at: slot.end,
          busy_until: new Date(slot.end.getTime() + availability.settings.bufferMinutes * 60_000),
          location: slot.location,
          directions: slot.directions,
        })
        .where('id', '=', row.id)
        .where('status', '=', 'booked')
        .execute();
      await trx
        .updateTable('conversations')
        .set({ due_at: slot.start })
        .where('id', '=', row.conversation_id)
        .execute();
      const { message } = await appendMessage(trx, {
        conversationId: row.conversation_id,
        kind: 'event',
        authorType: 'system',
        eventType: 'appointment_moved',
        details: { from: new Date(row.starts_at).toISOString(), to: slot.start.toISOString() },
      });
      return message.seq;
    });
    notifier.message(row.conversation_id, seq);
    notifier.conversationChanged(row.conversation_id);
  } catch (error) {
    if (isExclusionViolation(error)) {
      throw new AppError('appointment.slot_taken', 409, 'That time has just been booked; choose another');
    }
    throw error;
  }
  return readByToken(db, token);
}

export const staffAppointmentsSchema = z.object({
  from: z.iso.date().optional(),
  days: z.coerce.number().int().min(1).max(62).default(14).catch(14),
  status: z.enum(['booked', 'cancelled', 'done', 'all']).default('booked').catch('booked'),
});

/**
 * Appointments in a period: a counsellor sees their own; a provider admin their provider's
 * team; an admin everyone's.
 */
export async function listAppointments(
  db: Db,
  ctx: RequestContext,
  query: z.infer<typeof staffAppointmentsSchema>,
  scope: 'mine' | 'team',
) {
  const actor = authorize(ctx.actor, 'chat.handle');
  if (scope === 'team' && actor.role === 'counsellor') {
    throw new AppError('auth.forbidden', 403, 'Only provider admins see the team calendar');
  }
  const from = query.from ? helsinkiInstant(query.from, '00:00') : new Date(Date.now() - 86_400_000);
  const to = new Date(from.getTime() + query.days * 86_400_000);
  let q = db
    .selectFrom('appointments as a')
    .innerJoin('staff as s', 's.id', 'a.staff_id')
    .innerJoin('conversations as c', 'c.id', 'a.conversation_id')
    .leftJoin('clients as cl', 'cl.id', 'c.client_id')
    .select([
      'a.id',
      'a.conversation_id',
      'a.channel',
      'a.status',
      'a.starts_at',
      'a.ends_at',
      'a.location',
      'a.directions',
      'a.staff_id',
      's.name as staff_name',
      'c.topic',
      'c.language',
      'cl.first_name as client_name',
      'cl.phone as client_phone',
      'cl.email as client_email',
    ])
    .where('a.starts_at', '>=', from)
    .where('a.starts_at', '<', to)
    .orderBy('a.starts_at');
  if (query.status !== 'all') q = q.where('a.status', '=', query.status);
  if (scope === 'mine') q = q.where('a.staff_id', '=', actor.staffId);
  else if (actor.role !== 'admin') q = q.where('s.organisation_id', '=', actor.organisationId);
  const rows = await q.limit(500).execute();
  return {
    items: rows.map((r) => ({
      id: r.id,
      conversationId: r.conversation_id,
      channel: r.channel,
      status: r.status,
      start: new Date(r.starts_at).toISOString(),
      end: new Date(r.ends_at).toISOString(),
      location: r.location,
      directions: r.directions,
      staffId: r.staff_id,
      staffName: r.staff_name,
      topic: r.topic,
      language: r.language,
      clientName: r.client_name,
      clientPhone: r.client_phone,
      clientEmail: r.client_email,
    })),
  };
}

const channelSummary = {
  fi: { video: 'Videotapaaminen', phone: 'Puhelinaika', in_person: 'Tapaaminen' },
  sv: { video: 'Videomöte', phone: 'Telefontid', in_person: 'Möte' },
  en: { video: 'Video meeting', phone: 'Phone appointment', in_person: 'Meeting' },
} as const;

/** The client's confirmation with a calendar file, and a notice to the counsellor. */
async function mailBooking(
  deps: ContactDeps,
  booking: {
    appointmentId: string;
    conversationId: string;
    staffId: string;
    input: BookingInput;
    slot: { start: Date; end: Date; location: string | null; directions: string };
    tokens: { manage: string; meeting: string | null };
  },
) {
  const { db, settings, sender } = deps;
  const { input, slot } = booking;
  const lang = input.language;
  const staff = await db
    .selectFrom('staff')
    .select(['name', 'email'])
    .where('id', '=', booking.staffId)
    .executeTakeFirstOrThrow();
  const counsellor = staff.name.replace(/\s*\(demo\)$/, '');
  const links = {
    manageUrl: manageUrl(settings.publicUrl, lang, booking.tokens.manage),
    meetingUrl: booking.tokens.meeting ? meetingUrl(settings.publicUrl, lang, booking.tokens.meeting) : null,
  };
  const mail = appointmentConfirmation(lang, {
    channel: input.channel,
    ...slot,
    counsellor,
    location: slot.location,
    directions: slot.directions,
    mapUrl: input.channel === 'in_person' ? mapSearchUrl(slot.location) : null,
    ...links,
  });
  const calendar = calendarFile({
    uid: `${booking.appointmentId}@${settings.domain}`,
    start: slot.start,
    end: slot.end,
    summary: `OpinTori: ${channelSummary[lang][input.channel]} (${counsellor})`,
    description: mail.text.split('\n--\n')[0]!,
    location: input.channel === 'video' ? links.meetingUrl : slot.location,
    url: links.manageUrl,
  });
  const queued = [
    await queueMail(db, settings, {
      conversationId: booking.conversationId,
      kind: 'appointment_confirmation',
      to: input.email,
      mail,
      calendar,
    }),
    await queueMail(db, settings, {
      conversationId: null,
      kind: 'counsellor_notice',
      to: staff.email,
      mail: counsellorBookingNotice({
        channel: input.channel,
        start: slot.start,
        end: slot.end,
        client: input.name,
        topic: input.topic,
        consoleUrl: `${settings.publicUrl}/console/inbox/${booking.conversationId}`,
      }),
    }),
  ];
  for (const row of queued) if (row) sender.kick(row.id);
}
