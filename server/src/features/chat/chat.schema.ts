/* Response shapes of the visitor's chat routes and of the chat settings. */
import { z } from 'zod';
import { conversationStatuses } from '../../conversations/conversation.table.js';
import type { ChatAvailability } from './chat-availability.service.js';
import type { ChatState, ClientMessage } from './chat-visitor.service.js';

/** Is the chat open, is anyone free, how long is the queue. */
export const chatAvailabilitySchema = z.object({
  open: z.boolean(),
  available: z.boolean(),
  reason: z.enum(['closed', 'no_counsellors']).nullable(),
  queueLength: z.number().int(),
  estimatedWaitSeconds: z.number(),
  maxWaitSeconds: z.number().int(),
  /** Today's opening intervals, `HH:MM` in Helsinki time. */
  hoursToday: z.array(z.object({ opens: z.string(), closes: z.string() })),
  nextOpen: z.string().nullable(),
  /** The topics a visitor may choose from. */
  topics: z.array(z.string()).readonly(),
  /** The languages a chat may be in, in their own names; onDuty: someone speaking it is free now. */
  languages: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      onDuty: z.boolean(),
      estimatedWaitSeconds: z.number().nullable(),
    }),
  ),
}) satisfies z.ZodType<ChatAvailability>;

/** The visitor's view of their chat. */
export const chatStateSchema = z.object({
  id: z.string(),
  status: z.enum(conversationStatuses),
  topic: z.string().nullable(),
  language: z.string().nullable(),
  counsellor: z.object({ firstName: z.string(), provider: z.string().nullable() }).nullable(),
  queuePosition: z.number().int().nullable(),
  estimatedWaitSeconds: z.number().nullable(),
  lastSeq: z.number().int(),
  rated: z.boolean(),
}) satisfies z.ZodType<ChatState>;

/** A message or event as the visitor sees it (no staff notes, counsellors by first name). */
export const clientMessageViewSchema = z.object({
  seq: z.number().int(),
  kind: z.enum(['message', 'event']),
  author: z.enum(['client', 'staff', 'system']),
  authorName: z.string().nullable(),
  body: z.string(),
  eventType: z.string().nullable(),
  clientMsgId: z.string().nullable(),
  createdAt: z.string(),
  /** On video_offered/_accepted/_declined events: the call (docs/video.md). */
  videoCall: z.object({ id: z.string(), expiresAt: z.string().nullable() }).optional(),
  /** A guide or programme the counsellor sent as a card; `url` is a path on the service. */
  card: z
    .object({ type: z.enum(['article', 'program']), title: z.string(), summary: z.string(), url: z.string() })
    .optional(),
}) satisfies z.ZodType<ClientMessage>;

export const clientChatSchema = z.object({
  conversation: chatStateSchema,
  messages: z.array(clientMessageViewSchema),
});

/** Weekly hours and dated exceptions, times as `HH:MM` in Helsinki time. */
export const scheduleSchema = z.object({
  weekly: z.array(z.object({ weekday: z.number().int(), opens: z.string(), closes: z.string() })),
  exceptions: z.array(
    z.object({
      day: z.string(),
      /** Both null: closed that day. */
      opens: z.string().nullable(),
      closes: z.string().nullable(),
      note: z.string(),
    }),
  ),
});
