/* The console's front page: what the staff member's day holds now (GET /api/v1/console/today). */
import { z } from 'zod';
import { conversationIdentityShape } from '../../conversations/staff-view.schema.js';
import { bookableChannels } from '../booking/appointment.table.js';

/** How many items each list of the page shows; the totals count them all. */
export const HOME_LIST_LIMIT = 5;

/** The page's language names municipalities and providers; a wrong value is a 400, not a guess. */
export const todayQuerySchema = z.object({ lang: z.enum(['fi', 'sv', 'en']).default('fi') });
export type TodayQuery = z.infer<typeof todayQuerySchema>;

/** Queued chats the person may take, grouped by language and topic. */
const queueSchema = z.object({
  total: z.number().int(),
  /** Queued chats that fit the person's languages and expertise. */
  recommended: z.number().int(),
  oldestQueuedAt: z.string().nullable(),
  groups: z.array(
    z.object({
      language: z.string().nullable(),
      topic: z.string().nullable(),
      count: z.number().int(),
      oldestQueuedAt: z.string().nullable(),
    }),
  ),
});

/** A conversation in one of the page's lists: what identifies it, never its messages. */
const contactSchema = z.object({
  ...conversationIdentityShape,
  clientName: z.string().nullable(),
  assignedToMe: z.boolean(),
  createdAt: z.string(),
  /** When the client's unanswered message arrived, for open conversations where they spoke last. */
  waitingSince: z.string().nullable(),
  /** Call-backs and bookings: when the call or meeting is due. */
  dueAt: z.string().nullable(),
});
export type HomeContact = z.infer<typeof contactSchema>;

const contactListSchema = z.object({
  total: z.number().int(),
  /** More than the page fetched match (call-backs: the total is a lower bound). */
  more: z.boolean(),
  items: z.array(contactSchema),
});

const appointmentSchema = z.object({
  id: z.string(),
  conversationId: z.string(),
  channel: z.enum(bookableChannels),
  start: z.string(),
  end: z.string(),
  topic: z.string().nullable(),
  language: z.string().nullable(),
  clientName: z.string().nullable(),
  location: z.string().nullable(),
});

const eventSchema = z.object({
  id: z.string(),
  title: z.string(),
  place: z.string(),
  /** Empty for an online session. */
  municipality: z.string(),
  format: z.enum(['in_person', 'online', 'hybrid']),
  startsAt: z.string(),
  endsAt: z.string(),
  status: z.enum(['draft', 'published', 'cancelled']),
  organisationId: z.string(),
  organisationName: z.string(),
  /** The person is among the counsellors present. */
  staffedByMe: z.boolean(),
});

const countSchema = z.object({ key: z.string(), count: z.number().int() });

/** The day's figures so far, within the provider the person's reports cover. */
const figuresSchema = z.object({
  /** The provider the figures are limited to; null = every provider. */
  provider: z.string().nullable(),
  contacts: z.number().int(),
  byChannel: z.array(countSchema),
  chatsAnswered: z.number().int(),
  chatsAbandoned: z.number().int(),
  /** Median seconds from a chat's start to its first answer; null before any. */
  chatWaitMedianSeconds: z.number().nullable(),
  feedbackMean: z.number().nullable(),
});

/** Guides that need an editor: out-of-date translations, drafts, missing languages. */
const guidesSchema = z.object({
  total: z.number().int(),
  outdated: z.number().int(),
  drafts: z.number().int(),
  missing: z.number().int(),
  items: z.array(
    z.object({
      key: z.string(),
      title: z.string(),
      outdatedLangs: z.array(z.string()),
      draftLangs: z.array(z.string()),
      missingLangs: z.array(z.string()),
    }),
  ),
});

/**
 * The day as one staff member sees it. A section is null when it is not theirs: editors handle
 * no contacts; the day's figures are for admins and provider admins; guides for editors.
 */
export const todaySchema = z.object({
  generatedAt: z.string(),
  /** Today in Helsinki, YYYY-MM-DD. */
  day: z.string(),
  queue: queueSchema.nullable(),
  /** Unassigned emails and web-form contacts waiting for someone to take them. */
  waiting: contactListSchema.nullable(),
  mine: contactListSchema.nullable(),
  callbacks: contactListSchema.nullable(),
  appointments: z.object({ today: z.number().int(), items: z.array(appointmentSchema) }).nullable(),
  events: z.object({ items: z.array(eventSchema) }).nullable(),
  figures: figuresSchema.nullable(),
  guides: guidesSchema.nullable(),
});
export type Today = z.infer<typeof todaySchema>;
