import { z } from 'zod';
import type { OutgoingMailView } from '../features/inbox/inbox.types.js';

/** A mail the service sends, as the conversation view and the mail log show it. */
export const outgoingMailViewSchema = z.object({
  id: z.string(),
  conversationId: z.string().nullable(),
  /** staff_reply, contact_confirmation, callback_confirmation, chat_transcript, … */
  kind: z.string(),
  from: z.string(),
  to: z.string(),
  replyTo: z.string().nullable(),
  subject: z.string(),
  text: z.string(),
  html: z.string().nullable(),
  messageId: z.string(),
  inReplyTo: z.string().nullable(),
  references: z.string().nullable(),
  status: z.enum(['queued', 'sent', 'failed', 'stored']),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  nextAttemptAt: z.string().nullable(),
  /** The staff message this mail carries (staff replies). */
  messageSeq: z.number().int().nullable(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
  /** The files the mail carries (a booking's calendar). */
  attachments: z.array(
    z.object({ filename: z.string(), contentType: z.string(), size: z.number().int().nonnegative() }),
  ),
}) satisfies z.ZodType<OutgoingMailView>;
