/* The shapes staff-view.ts presents, as response schemas for every route that sends them. */
import { z } from 'zod';
import { channels, conversationStatuses } from './conversation.table.js';
import type { ConversationSummary, InboxItem, StaffMessage } from './staff-view.js';

/** A message, note or event of a conversation as staff see it. */
export const staffMessageViewSchema = z.object({
  seq: z.number().int(),
  kind: z.enum(['message', 'note', 'event']),
  author: z.enum(['client', 'staff', 'system']),
  authorName: z.string().nullable(),
  authorStaffId: z.string().nullable(),
  body: z.string(),
  eventType: z.string().nullable(),
  // Open on purpose: the jsonb `details` differ by event type and channel (email headers,
  // attachments, call outcomes, transfers…).
  details: z.record(z.string(), z.unknown()),
  clientMsgId: z.string().nullable(),
  createdAt: z.string(),
}) satisfies z.ZodType<StaffMessage>;

/** What identifies a conversation in a staff list, without anything of its messages or client. */
export const conversationIdentityShape = {
  id: z.string(),
  channel: z.enum(channels),
  status: z.enum(conversationStatuses),
  topic: z.string().nullable(),
  language: z.string().nullable(),
  subject: z.string().nullable(),
};

/** What every staff list shows of a conversation (see presentConversationSummary). */
export const conversationSummaryShape = {
  ...conversationIdentityShape,
  organisationId: z.string().nullable(),
  organisationName: z.string().nullable(),
  assignedStaffId: z.string().nullable(),
  assignedName: z.string().nullable(),
  createdAt: z.string(),
  lastMessageAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  outcome: z.string().nullable(),
} satisfies { [K in keyof ConversationSummary]: z.ZodType<ConversationSummary[K]> };

/** A conversation in a staff list: the queue, one's own chats, the inbox. */
export const inboxItemSchema = z.object({
  ...conversationSummaryShape,
  firstName: z.string().nullable(),
  queueOrganisationId: z.string().nullable(),
  queueExpertise: z.string().nullable(),
  sourceSite: z.string().nullable(),
  sourcePage: z.string().nullable(),
  queuedAt: z.string().nullable(),
  firstResponseAt: z.string().nullable(),
  lastSeq: z.number().int(),
  /** Place in the queue (1 = next), for queued chats. */
  queuePosition: z.number().int().nullable(),
  /** The conversation fits the staff member's languages and expertise. */
  recommended: z.boolean(),
  match: z.object({ language: z.boolean(), expertise: z.boolean(), provider: z.boolean() }).nullable(),
}) satisfies z.ZodType<InboxItem>;
