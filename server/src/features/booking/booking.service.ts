/** Booking a free time: the fair choice of counsellor, the appointment, its conversation and mails. */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../../db/database-types.js';
import { AppError } from '../../errors.js';
import { multiLineText, singleLineText } from '../../shared/text.js';
import { recordAudit } from '../../access/audit.js';
import type { RequestContext } from '../../access/request-context.js';
import { sha256 } from '../../shared/secrets.js';
import { phoneOrFail } from '../../shared/phone.js';
import { mapSearchUrl } from '../../shared/urls/booking-urls.js';
import { isExclusionViolation, isUniqueViolation } from '../../db/database-errors.js';
import type { ContactDeps } from '../../conversations/channel-deps.js';
import { openConversation } from '../../conversations/open-conversation.js';
import { checkOfferedLanguage, languageCodePattern, uiLanguageOf } from '../../conversations/languages.js';
import { aboutYouSchema, readAboutYou, type InputWarning } from '../../conversations/about-you.js';
import { bookingTokens } from '../../conversations/link-tokens.js';
import { chatLanguages, chatTopics, MESSAGE_MAX_LENGTH } from '../../conversations/vocabulary.js';
import { bookableChannels, type BookableChannel } from './appointment.table.js';
import {
  insertAppointment,
  selectAppointmentByRequestKey,
  selectBookingStats,
  selectStaffOrganisation,
} from './appointment.repository.js';
import { presentBooked } from './appointment.presenter.js';
import { findSlotsByStaff, hasHoursAt } from './free-times.service.js';
import { mailBooking } from './booking-confirmation.service.js';

export const bookingSchema = z.object({
  channel: z.enum(bookableChannels),
  start: z.iso.datetime({ offset: true }),
  /** The language of the meeting: any an active counsellor guides in. */
  language: z.string().regex(languageCodePattern, 'a language code such as fi or ar').default('fi'),
  /** The language of the confirmation, reminders and links: the page's; by default the meeting's if fi/sv/en. */
  lang: z.enum(chatLanguages).optional(),
  topic: z.enum(chatTopics).default('other'),
  provider: z.string().max(100).optional(),
  name: singleLineText(100, { min: 1, minMessage: 'give your name' }),
  email: z.email('not an email address').max(200),
  phone: z.string().max(40).optional().default(''),
  description: multiLineText(MESSAGE_MAX_LENGTH).optional().default(''),
  consent: z.literal(true, { error: 'consent is required' }),
  about: aboutYouSchema.optional(),
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
  /** "About you" values left out as unknown (the booking is made all the same). */
  warnings?: InputWarning[];
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
  await checkOfferedLanguage(db, input.language);
  const start = new Date(input.start);
  if (start.getTime() <= now.getTime()) {
    throw new AppError('appointment.in_past', 400, 'That time has passed; choose another');
  }
  const phone =
    input.channel === 'phone' ? phoneOrFail(input.phone) : input.phone ? phoneOrFail(input.phone) : null;
  const perStaff = await findSlotsByStaff(
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
    const anyHours = await hasHoursAt(db, input, start, now);
    if (!anyHours) throw new AppError('appointment.slot_invalid', 400, 'No counsellor offers that time');
    throw new AppError('appointment.slot_taken', 409, 'That time has just been booked; choose another');
  }
  const { about, warnings } = readAboutYou(input.about);
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
        const staff = await selectStaffOrganisation(trx, staffId);
        const { conversation } = await openConversation(trx, {
          channel: input.channel,
          status: 'active',
          client: {
            firstName: input.name.split(/\s+/)[0]!.slice(0, 50),
            email: input.email,
            phone,
            language: input.lang ?? uiLanguageOf(input.language),
            consent: true,
          },
          organisationId: staff.organisation_id,
          assignedStaffId: staffId,
          topic: input.topic,
          language: input.language,
          subject: input.description ? input.description.replace(/\s+/g, ' ').slice(0, 80) : null,
          dueAt: slot.start,
          ...about,
          details: { origin: 'booking', firstName: input.name.split(/\s+/)[0] ?? null },
          first: {
            kind: 'message',
            authorType: 'client',
            body: input.description,
            details: { appointmentId },
          },
        });
        const appointment = await insertAppointment(trx, {
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
        });
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
        ...(warnings.length ? { warnings } : {}),
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
  const row = await selectAppointmentByRequestKey(db, requestKey);
  return row ? presentBooked(row) : undefined;
}

/** Round robin: fewest upcoming bookings first, then the one whose last booking is oldest. */
async function fairOrder(db: Db, staffIds: string[]): Promise<string[]> {
  const rows = await selectBookingStats(db, staffIds);
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
