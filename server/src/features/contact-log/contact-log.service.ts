/** The quick contact log's vocabularies, entry schema and page (today's events and own entries). */
import { z } from 'zod';
import type { Db } from '../../db/database-types.js';
import { authorize } from '../../access/policy.js';
import type { RequestContext } from '../../access/request-context.js';
import { chatLanguages, guidanceTopics } from '../../conversations/vocabulary.js';
import { helsinkiInstant, helsinkiClock } from '../../shared/helsinki-time.js';
import { clientAgeBands, clientSituations } from '../../conversations/conversation.table.js';
import { staffProfile, type StaffProfile } from '../../conversations/access.js';
import {
  countLoggedContacts,
  selectLatestLoggedContacts,
  selectScopedEventsBetween,
  type EventScope,
} from './contact-log.repository.js';

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
export const contactLogTopics = guidanceTopics;

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
  /** A face-to-face talk, or an incoming phone call answered by the counsellor. */
  channel: z.enum(['in_person', 'phone']).default('in_person'),
  /** The pop-up event, or null (or left out) for a walk-in or a call. */
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
  /** The client's home municipality (a three-digit code); an unknown one is left out with a warning. */
  municipality: z.string().trim().max(40).nullish(),
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
  /** in_person, or phone for an incoming call. */
  channel: string;
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

/** Today in Helsinki as [start, end) instants. */
function helsinkiTodayBounds(now: Date): { start: Date; end: Date } {
  const day = helsinkiClock(now).day;
  const next = new Date(Date.parse(`${day}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  return { start: helsinkiInstant(day, '00:00'), end: helsinkiInstant(next, '00:00') };
}

/** The staff member logging, who must be one who handles conversations. */
export function loggingStaff(db: Db, ctx: RequestContext): Promise<StaffProfile> {
  const actor = authorize(ctx.actor, 'chat.handle');
  return staffProfile(db, actor);
}

/**
 * The events a staff member may log against: those of their own provider and those they are
 * listed at; admins may log against any. Cancelled events are not offered.
 */
export function eventScope(staff: StaffProfile): EventScope {
  return staff.role === 'admin' ? null : { staffId: staff.id, organisationId: staff.organisation_id };
}

/** How many contacts the staff member has logged today, and the latest five. */
export async function entriesToday(db: Db, staff: StaffProfile, now: Date) {
  const { start, end } = helsinkiTodayBounds(now);
  const [count, rows] = await Promise.all([
    countLoggedContacts(db, staff.id, start, end),
    selectLatestLoggedContacts(db, staff.id, start, end, 5),
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
      channel: row.channel,
      eventId: row.event_id,
      eventTitle: row.event_title,
    };
  });
  return { count, items };
}

/**
 * What the quick log page needs: the events of today (ongoing first) the staff member may
 * log against, the vocabularies, and their own entries today.
 */
export async function contactLogContext(db: Db, ctx: RequestContext, now = new Date()) {
  const staff = await loggingStaff(db, ctx);
  const { start, end } = helsinkiTodayBounds(now);
  const events = await selectScopedEventsBetween(db, eventScope(staff), start, end);
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
