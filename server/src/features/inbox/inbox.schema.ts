/* Response shapes of the unified inbox: the list, one conversation with its context, and the actions. */
import { inputWarningSchema } from '../../conversations/about-you.js';
import { z } from 'zod';
import { outgoingMailViewSchema } from '../../conversations/mail-outbox.schema.js';
import {
  conversationSummaryShape,
  inboxItemSchema,
  staffMessageViewSchema,
} from '../../conversations/staff-view.schema.js';
import { callOutcomes, type CallbackDetails, type InboxListItem } from './inbox.types.js';

export const callbackDetailsSchema = z.object({
  phone: z.string().nullable(),
  /** The preferred window: a Helsinki day and wall-clock times. */
  window: z.object({ date: z.string(), from: z.string(), to: z.string() }),
  note: z.string(),
  /** Europe/Helsinki, recorded with requests from the call-back form (not with older ones). */
  timeZone: z.string().optional(),
  /** Outcomes logged so far, newest last. */
  attempts: z.array(
    z.object({
      outcome: z.enum(callOutcomes),
      at: z.string(),
      by: z.string().nullable(),
      retryAt: z.string().nullable(),
      note: z.string(),
    }),
  ),
}) satisfies z.ZodType<CallbackDetails>;

/** One row of the unified inbox list. */
export const inboxListItemSchema = z.object({
  ...conversationSummaryShape,
  clientName: z.string().nullable(),
  clientEmail: z.string().nullable(),
  clientPhone: z.string().nullable(),
  /** The last message or mail, shortened to 160 characters (never a staff note). */
  preview: z.string(),
  /** Seconds from arrival to the first reply; null while unanswered. */
  firstResponseSeconds: z.number().int().nullable(),
  /** When the client's unanswered message arrived (open conversations where the client spoke last). */
  waitingSince: z.string().nullable(),
  /** Call-backs: when to call (start of the preferred window, or the retry time). */
  dueAt: z.string().nullable(),
  callback: callbackDetailsSchema.nullable(),
  /** An outgoing mail of this conversation has failed for good. */
  mailFailed: z.boolean(),
  /** Web forms and the widget's offline path: where the contact came from. */
  origin: z.string().nullable(),
}) satisfies z.ZodType<InboxListItem>;

export const inboxListResponseSchema = z.object({
  items: z.array(inboxListItemSchema),
  /** Matching conversations in all pages. */
  total: z.number().int(),
});

/** What the counsellor may know about the client: the page, and with consent the shortlist and history. */
const conversationContextSchema = z.object({
  sourceSite: z.string().nullable(),
  sourcePage: z.string().nullable(),
  consent: z.boolean(),
  shortlist: z.array(z.object({ id: z.string(), name: z.string(), provider: z.string() })),
  earlier: z.array(
    z.object({
      id: z.string(),
      channel: z.string(),
      topic: z.string().nullable(),
      outcome: z.string().nullable(),
      createdAt: z.string(),
    }),
  ),
  client: z
    .object({ firstName: z.string().nullable(), email: z.string().nullable(), phone: z.string().nullable() })
    .nullable(),
  origin: z.string().nullable(),
  callback: callbackDetailsSchema.nullable(),
  dueAt: z.string().nullable(),
  /** Finder answers and shortlisted programmes of a web-form contact request. */
  request: z
    .object({
      answers: z.record(z.string(), z.union([z.string(), z.array(z.string())])),
      programmes: z.array(
        z.object({ id: z.string(), name: z.string(), provider: z.string(), providerName: z.string() }),
      ),
    })
    .nullable(),
  /** Feedback on accessibility: the page or part of the service it is about. */
  accessibility: z.object({ page: z.string() }).nullable(),
  /** "About you": the codes the client gave or a counsellor noted; null for each not given. */
  about: z.object({
    ageBand: z.string().nullable(),
    situation: z.string().nullable(),
    municipality: z.string().nullable(),
    municipalityName: z.string().nullable(),
    regionClass: z.string(),
  }),
});

/** A conversation as staff read it: messages and notes after a sequence number, its context, its mail. */
export const staffConversationSchema = z.object({
  conversation: inboxItemSchema,
  messages: z.array(staffMessageViewSchema),
  context: conversationContextSchema,
  mail: z.array(outgoingMailViewSchema),
});

/** A reply or note stored (or, sent again, the first one's acknowledgement). */
export const postedMessageSchema = z.object({
  /** The mail that carries a reply on an email conversation. */
  mailId: z.string().optional(),
  seq: z.number().int(),
  clientMsgId: z.string(),
  createdAt: z.string(),
});

/** The conversation acted on (claimed, transferred, closed). */
export const conversationRefSchema = z.object({
  id: z.string(),
  /** "About you" values left out as unknown when closing. */
  warnings: z.array(inputWarningSchema).optional(),
});

export const bulkCloseResultSchema = z.object({
  closed: z.array(z.string()),
  /** Conversations not closed, each with the error code it would have got alone. */
  refused: z.array(z.object({ id: z.string(), code: z.string() })),
});

export const callOutcomeResultSchema = z.object({
  id: z.string(),
  /** closed, or waiting for the next try after no answer. */
  status: z.string(),
  dueAt: z.string().nullable(),
  warnings: z.array(inputWarningSchema).optional(),
});
