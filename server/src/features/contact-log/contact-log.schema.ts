/* Response shapes of the quick log of face-to-face contacts. */
import { inputWarningSchema } from '../../conversations/about-you.js';
import { z } from 'zod';
import { clientAgeBands, clientSituations } from '../../conversations/conversation.table.js';
import { guidanceTopics } from '../../conversations/vocabulary.js';
import { contactLogOutcomes, type ContactLogEntry, type ContactLogEvent } from './contact-log.service.js';

export const contactLogEntrySchema = z.object({
  id: z.string(),
  occurredAt: z.string(),
  topic: z.string().nullable(),
  topics: z.array(z.string()),
  language: z.string().nullable(),
  outcome: z.string().nullable(),
  status: z.string(),
  followUp: z.boolean(),
  channel: z.string(),
  eventId: z.string().nullable(),
  eventTitle: z.string().nullable(),
}) satisfies z.ZodType<ContactLogEntry>;

export const contactLogEventSchema = z.object({
  id: z.string(),
  title: z.string(),
  place: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  ongoing: z.boolean(),
  organisationId: z.string(),
}) satisfies z.ZodType<ContactLogEvent>;

/** What the quick log page needs: today's events, the vocabularies and one's own entries today. */
export const contactLogContextSchema = z.object({
  /** Ongoing first, then in order of starting. */
  events: z.array(contactLogEventSchema),
  topics: z.array(z.enum(guidanceTopics)),
  outcomes: z.array(z.enum(contactLogOutcomes)),
  ageBands: z.array(z.enum(clientAgeBands)),
  situations: z.array(z.enum(clientSituations)),
  /** fi, sv, en and the staff member's other two-letter languages. */
  languages: z.array(z.string()),
  /** How many contacts the staff member has logged today, and the latest five. */
  today: z.object({ count: z.number().int(), items: z.array(contactLogEntrySchema) }),
});

/** A logged contact (201), or the earlier one when its clientRef was sent before (200). */
export const loggedContactSchema = z.object({
  id: z.string(),
  /** closed, or waiting when the client asked to be contacted later. */
  status: z.string(),
  /** The staff member's contacts logged today, this one included. */
  today: z.number().int(),
  duplicate: z.boolean(),
  warnings: z.array(inputWarningSchema).optional(),
});
