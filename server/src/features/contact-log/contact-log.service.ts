import { openConversation } from '../../conversations/open-conversation.js';
import { z } from 'zod';
import type { Db } from '../../db/database-types.js';
import { AppError } from '../../errors.js';
import { recordAudit } from '../../access/audit.js';
import { authorize } from '../../access/policy.js';
import type { RequestContext } from '../../access/request-context.js';
import type { ChatNotifier } from '../../conversations/notifier.js';
import { chatLanguages, closeTopics } from '../../conversations/vocabulary.js';
import { helsinkiInstant, helsinkiClock } from '../../shared/helsinki-time.js';
import { clientAgeBands, clientSituations } from '../../conversations/conversation.table.js';
import { staffProfile, type StaffProfile } from '../../conversations/access.js';
import { toE164 } from '../../shared/phone.js';

/**
 * How a face-to-face contact ended: a subset of the close outcomes, so that reports count
 * in-person guidance with the same codes as every other channel. A follow-up is not an
 * outcome: it keeps the conversation open instead (see `followUp`).
 */
export const contactLogOutcomes = [
  'answered',
  'referred_to_provider',
  'referred_to_other_service',
  'appointment_booked',
  'application_guidance',
] as const;
export type ContactLogOutcome = (typeof contactLogOutcomes)[number];

/** The topics a counsellor can tap: the chat topics and the catalogue's (as on close). */
export const contactLogTopics = closeTopics;

/** A device may send an entry this long after it happened (an offline queue, a weekend fair). */
export const OCCURRED_MAX_AGE_MS = 7 * 86_400_000;
/** How far ahead of the server's clock a device's clock may be. */
export const OCCURRED_MAX_SKEW_MS = 5 * 60_000;

const emailSchema = z.string().trim().toLowerCase().max(254).pipe(z.email('not an email address'));

export const contactLogSchema = z.object({
  /** The id the device gave the entry; the same id sent again is the same entry. */
  clientRef: z.uuid(),
  /** When the conversation happened, by the device's clock; now when left out. */
  occurredAt: z.iso.datetime({ offset: true }).optional(),
  /** The pop-up event, or null (or left out) for a walk-in. */
  eventId: z.uuid().nullable().optional(),
  topics: z
    .array(z.enum(contactLogTopics))
    .min(1, 'choose at least one topic')
    .max(contactLogTopics.length)
    .refine((list) => new Set(list).size === list.length, 'each topic once'),
  /** fi/sv/en, or another language the counsellor guides in (an ISO 639-1 code). */
  language: z.string().regex(/^[a-z]{2}$/, 'a two-letter language code'),
  outcome: z.enum(contactLogOutcomes).default('answered'),
  ageBand: z.enum(clientAgeBands).nullable().optional(),
  situation: z.enum(clientSituations).nullable().optional(),
  followUp: z
    .object({
      consent: z.literal(true, { error: 'consent is required' }),
      email: z
        .union([z.literal(''), emailSchema])
        .optional()
        .default(''),
      phone: z.string().max(40).optional().default(''),
    })
    .nullable()
    .optional(),
});
export type ContactLogInput = z.infer<typeof contactLogSchema>;

export interface ContactLogEntry {
  id: string;
  occurredAt: string;
  topic: string | null;
  topics: string[];
  language: string | null;
  outcome: string | null;
  status: string;
  followUp: boolean;
  eventId: string | null;
  eventTitle: string | null;
}

export interface ContactLogEvent {
  id: string;
  title: string;
  place: string;
  startsAt: string;
  endsAt: string;
  ongoing: boolean;
  organisationId: string;
}

function invalid(field: string, code: string, message: string): AppError {
  return new AppError('request.invalid', 400, `${field}: ${message}`, { fields: [{ field, message: code }] });
}

/** Today in Helsinki as [start, end) instants. */
function helsinkiTodayBounds(now: Date): { start: Date; end: Date } {
  const day = helsinkiClock(now).day;
  const next = new Date(Date.parse(`${day}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  return { start: helsinkiInstant(day, '00:00'), end: helsinkiInstant(next, '00:00') };
}

function handler(db: Db, ctx: RequestContext): Promise<StaffProfile> {
  const actor = authorize(ctx.actor, 'chat.handle');
  return staffProfile(db, actor);
}

/**
 * The events a staff member may log against: those of their own provider and those they are
 * listed at; admins may log against any. Cancelled events are not offered.
 */
function eventsFor(db: Db, staff: StaffProfile) {
  let query = db.selectFrom('events as e').where('e.status', '<>', 'cancelled');
  if (staff.role !== 'admin') {
    query = query.where((eb) =>
      eb.or([
        ...(staff.organisation_id ? [eb('e.organisation_id', '=', staff.organisation_id)] : []),
        eb.exists(
          eb
            .selectFrom('event_staff as es')
            .select('es.event_id')
            .whereRef('es.event_id', '=', 'e.id')
            .where('es.staff_id', '=', staff.id),
        ),
      ]),
    );
  }
  return query;
}

async function entriesToday(db: Db, staff: StaffProfile, now: Date) {
  const { start, end } = helsinkiTodayBounds(now);
  const mine = db
    .selectFrom('conversations as c')
    .where('c.assigned_staff_id', '=', staff.id)
    .where('c.channel', '=', 'in_person')
    .where('c.client_ref', 'is not', null)
    .where('c.created_at', '>=', start)
    .where('c.created_at', '<', end);
  const [{ count }, rows] = await Promise.all([
    mine.select((eb) => eb.fn.countAll<string>().as('count')).executeTakeFirstOrThrow(),
    mine
      .leftJoin('events as e', 'e.id', 'c.event_id')
      .select([
        'c.id',
        'c.created_at',
        'c.topic',
        'c.language',
        'c.outcome',
        'c.status',
        'c.details',
        'c.event_id',
        'e.title as event_title',
      ])
      .orderBy('c.created_at', 'desc')
      .orderBy('c.id')
      .limit(5)
      .execute(),
  ]);
  const items: ContactLogEntry[] = rows.map((row) => {
    const details = row.details as { topics?: unknown; followUp?: unknown };
    return {
      id: row.id,
      occurredAt: row.created_at.toISOString(),
      topic: row.topic,
      topics: Array.isArray(details.topics) ? details.topics.map(String) : row.topic ? [row.topic] : [],
      language: row.language,
      outcome: row.outcome,
      status: row.status,
      followUp: details.followUp === true,
      eventId: row.event_id,
      eventTitle: row.event_title,
    };
  });
  return { count: Number(count), items };
}

/**
 * What the quick log page needs: the events of today (ongoing first) the staff member may
 * log against, the vocabularies, and their own entries today.
 */
export async function contactLogContext(db: Db, ctx: RequestContext, now = new Date()) {
  const staff = await handler(db, ctx);
  const { start, end } = helsinkiTodayBounds(now);
  const events = await eventsFor(db, staff)
    .select(['e.id', 'e.title', 'e.place', 'e.starts_at', 'e.ends_at', 'e.organisation_id'])
    .where('e.starts_at', '<', end)
    .where('e.ends_at', '>', start)
    .orderBy('e.starts_at')
    .orderBy('e.id')
    .limit(50)
    .execute();
  const list: ContactLogEvent[] = events.map((e) => ({
    id: e.id,
    title: e.title,
    place: e.place,
    startsAt: e.starts_at.toISOString(),
    endsAt: e.ends_at.toISOString(),
    ongoing: e.starts_at <= now && e.ends_at > now,
    organisationId: e.organisation_id,
  }));
  // Ongoing first; otherwise in order of starting (a stable sort keeps that order).
  list.sort((a, b) => Number(b.ongoing) - Number(a.ongoing));
  const today = await entriesToday(db, staff, now);
  const languages = [...new Set([...chatLanguages, ...staff.languages.filter((l) => /^[a-z]{2}$/.test(l))])];
  return {
    events: list,
    topics: [...contactLogTopics],
    outcomes: [...contactLogOutcomes],
    ageBands: [...clientAgeBands],
    situations: [...clientSituations],
    languages,
    today,
  };
}

/** The entry a client_ref already names, when it is this staff member's face-to-face contact. */
async function existingEntry(db: Db, staff: StaffProfile, clientRef: string) {
  const row = await db
    .selectFrom('conversations')
    .select(['id', 'status', 'channel', 'assigned_staff_id'])
    .where('client_ref', '=', clientRef)
    .executeTakeFirst();
  if (!row) return undefined;
  if (row.channel !== 'in_person' || row.assigned_staff_id !== staff.id) {
    throw new AppError('contact_log.ref_taken', 409, 'This entry id belongs to another entry');
  }
  return row;
}

/**
 * Logs a face-to-face contact: a closed in_person conversation answered on the spot, or, when
 * the client wants to be contacted later and agreed to it, one waiting in the counsellor's
 * inbox with only that contact detail. The same clientRef sent again is the same entry.
 */
export async function logContact(
  db: Db,
  notifier: ChatNotifier,
  ctx: RequestContext,
  input: ContactLogInput,
  now = new Date(),
): Promise<{ created: boolean; id: string; status: string; today: number }> {
  const staff = await handler(db, ctx);

  const earlier = await existingEntry(db, staff, input.clientRef);
  if (earlier) {
    const today = await entriesToday(db, staff, now);
    return { created: false, id: earlier.id, status: earlier.status, today: today.count };
  }

  const occurredAt = input.occurredAt ? new Date(input.occurredAt) : now;
  if (occurredAt.getTime() > now.getTime() + OCCURRED_MAX_SKEW_MS) {
    throw invalid('occurredAt', 'contact_log.occurred_in_future', 'the contact cannot be in the future');
  }
  if (occurredAt.getTime() < now.getTime() - OCCURRED_MAX_AGE_MS) {
    throw invalid('occurredAt', 'contact_log.occurred_too_old', 'log a contact within 7 days');
  }

  const allowedLanguages = new Set<string>([...chatLanguages, ...staff.languages]);
  if (!allowedLanguages.has(input.language)) {
    throw invalid('language', 'contact_log.language_unknown', 'a language you guide in');
  }

  let organisationId = staff.organisation_id;
  const eventId = input.eventId ?? null;
  if (eventId) {
    const event = await db
      .selectFrom('events')
      .select(['id', 'organisation_id', 'status'])
      .where('id', '=', eventId)
      .executeTakeFirst();
    if (!event) throw new AppError('contact_log.event_not_found', 400, 'No such event');
    const allowed = await eventsFor(db, staff).select('e.id').where('e.id', '=', eventId).executeTakeFirst();
    if (!allowed) {
      throw new AppError(
        event.status === 'cancelled' ? 'contact_log.event_cancelled' : 'contact_log.event_forbidden',
        event.status === 'cancelled' ? 400 : 403,
        event.status === 'cancelled'
          ? 'The event was cancelled'
          : "Log contacts at your own provider's events or where you are listed",
      );
    }
    organisationId ??= event.organisation_id;
  }

  let contact: { email: string | null; phone: string | null } | null = null;
  if (input.followUp) {
    const email = input.followUp.email || null;
    let phone: string | null = null;
    if (input.followUp.phone.trim()) {
      const parsed = toE164(input.followUp.phone);
      if (!parsed.ok) throw invalid('followUp.phone', parsed.code, parsed.code);
      phone = parsed.value;
    }
    if (!email && !phone) {
      throw invalid('followUp', 'contact_log.follow_up_contact_missing', 'give an email address or a phone');
    }
    contact = { email, phone };
  }

  const topic = input.topics[0]!;
  const details = {
    origin: 'contact_log',
    topics: input.topics,
    outcome: input.outcome,
    followUp: contact !== null,
  };

  const opened = await openConversation(db, {
    channel: 'in_person',
    status: contact ? 'waiting' : 'closed',
    outcome: input.outcome,
    // The device's id of the entry: an entry sent again (a retry after a lost answer) is one.
    requestKey: input.clientRef,
    client: contact
      ? {
          email: contact.email,
          phone: contact.phone,
          language: (chatLanguages as readonly string[]).includes(input.language) ? input.language : null,
          consent: true,
        }
      : null,
    organisationId,
    assignedStaffId: staff.id,
    topic,
    language: input.language,
    eventId,
    clientAgeBand: input.ageBand ?? null,
    clientSituation: input.situation ?? null,
    details,
    // A talk logged afterwards (offline, later in the day) happened when it happened.
    times: { createdAt: occurredAt, firstResponseAt: occurredAt, lastMessageAt: occurredAt },
  });
  const inserted = opened.created ? opened.conversation.id : undefined;

  if (!inserted) {
    // Sent twice at once: the other request stored it first.
    const winner = await existingEntry(db, staff, input.clientRef);
    if (!winner) throw new AppError('contact_log.conflict', 409, 'Send the entry again');
    const today = await entriesToday(db, staff, now);
    return { created: false, id: winner.id, status: winner.status, today: today.count };
  }

  if (contact) {
    notifier.conversationChanged(inserted);
    await recordAudit(db, ctx, {
      action: 'contact_log.follow_up',
      targetType: 'conversation',
      targetId: inserted,
      organisationId,
      details: { email: contact.email !== null, phone: contact.phone !== null },
    });
  }
  const today = await entriesToday(db, staff, now);
  return { created: true, id: inserted, status: contact ? 'waiting' : 'closed', today: today.count };
}
