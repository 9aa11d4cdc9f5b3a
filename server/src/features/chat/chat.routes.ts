import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/database-types.js';
import { AppError } from '../../errors.js';
import { rateLimit } from '../../http/rate-limit.js';
import { httpOrigin, serviceOriginFor } from '../../http/service-origin.js';
import { errorResponses, idParams, ok } from '../../http/schemas.js';
import { authorize } from '../../access/policy.js';
import type { ChatNotifier } from '../../conversations/notifier.js';
import {
  closeChatByClient,
  closeChatSchema,
  rateChat,
  ratingSchema,
  readChatForClient,
  startChat,
  startChatSchema,
} from './chat-visitor.service.js';
import { chatAvailability } from './chat-availability.service.js';
import { queueTranscript, transcriptSchema } from './chat-transcript.service.js';
import { changeChatSettings, changeOpeningHours, readChatSettings } from './chat-settings.service.js';
import { conversationForClient } from '../../conversations/access.js';
import { autoAssign } from './routing.js';
import { eraseOwnConversation } from '../privacy/privacy.service.js';
import { loadSchedule, scheduleInputSchema, scheduleOutput } from './opening-hours.js';
import type { MailSender } from '../../conversations/mail-sender.js';
import type { MailSettings } from '../../conversations/mail-outbox.js';
import { leaveOfflineRequest, offlineSchema } from '../contact-forms/contact-forms.service.js';
import { chatAvailabilitySchema, clientChatSchema, scheduleSchema } from './chat.schema.js';

export const SECRET_HEADER = 'x-conversation-secret';
const SHORTLIST_COOKIE = 'opintori_shortlist';

const secretOf = (headers: Record<string, unknown>): string => {
  const value = headers[SECRET_HEADER];
  return typeof value === 'string' ? value : '';
};

const ackSchema = z.object({ ok: z.literal(true) });

/** The visitor's side of chat (called cross-origin by the widget) and the service's chat settings. */
export const chatRoutes: FastifyPluginAsyncZod<{
  db: Db;
  notifier: ChatNotifier;
  sender: MailSender;
  settings: MailSettings;
  /** New chats per address per hour (CHAT_START_LIMIT_PER_HOUR); 10 unless given. */
  startLimitPerHour?: number;
  /** PUBLIC_URL: tells the service's own pages from members' sites where a chat starts. */
  serviceOrigin?: string;
}> = async (app, { db, notifier, sender, settings, startLimitPerHour = 10, serviceOrigin }) => {
  const contact = { db, notifier, sender, settings };
  // Stored as the chat's source site: only a well-formed http(s) origin, in canonical form.
  const originOf = (headers: Record<string, unknown>) =>
    typeof headers.origin === 'string' ? (httpOrigin(headers.origin)?.slice(0, 200) ?? null) : null;

  app.get('/api/v1/chat/status', {
    schema: {
      tags: ['chat'],
      summary: 'Is the chat open and is anyone available; queue length and wait estimate',
      querystring: z.object({ provider: z.string().max(100).optional() }),
      response: { 200: chatAvailabilitySchema, ...errorResponses(400) },
    },
    preHandler: rateLimit({ name: 'chat status', max: 120, windowMs: 60_000 }),
    handler: async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return chatAvailability(db, request.query.provider);
    },
  });

  app.post('/api/v1/chat/conversations', {
    schema: {
      tags: ['chat'],
      summary: 'Start a chat; the returned secret is the only key to it',
      body: startChatSchema,
      response: {
        201: z.object({ conversationId: z.string(), secret: z.string() }),
        ...errorResponses(400, 409, 429),
      },
    },
    preHandler: rateLimit({ name: 'new chat', max: startLimitPerHour, windowMs: 3_600_000 }),
    handler: async (request) => {
      const body = { ...request.body };
      // On the service's own pages the finder shortlist travels in its cookie; it is handed to
      // the counsellor only with the visitor's consent.
      const cookie = request.cookies[SHORTLIST_COOKIE];
      if (body.consent && !body.shortlist?.length && cookie) {
        body.shortlist = [...new Set(cookie.split('.').filter((id) => z.uuid().safeParse(id).success))].slice(
          0,
          10,
        );
      }
      return startChat(
        db,
        notifier,
        body,
        originOf(request.headers),
        serviceOriginFor(serviceOrigin, request),
      );
    },
  });

  app.get('/api/v1/chat/conversations/:id', {
    schema: {
      tags: ['chat'],
      summary: `The visitor's conversation after a sequence number (header ${SECRET_HEADER})`,
      params: idParams,
      querystring: z.object({ after: z.coerce.number().int().min(0).max(2_000_000_000).default(0) }),
      response: { 200: clientChatSchema, ...errorResponses(404) },
    },
    preHandler: rateLimit({ name: 'chat read', max: 300, windowMs: 60_000 }),
    handler: async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return readChatForClient(db, request.params.id, secretOf(request.headers), request.query.after);
    },
  });

  app.post('/api/v1/chat/conversations/:id/close', {
    schema: {
      tags: ['chat'],
      summary: 'The visitor ends the chat (answeredBy: left the queue because a suggestion answered)',
      params: idParams,
      body: closeChatSchema.nullish(),
      response: { 200: ackSchema, ...errorResponses(404) },
    },
    handler: async (request) => {
      const conversation = await conversationForClient(db, request.params.id, secretOf(request.headers));
      await closeChatByClient(db, notifier, conversation, request.body ?? {});
      await autoAssign(db, notifier);
      return { ok: true as const };
    },
  });

  app.post('/api/v1/chat/conversations/:id/erase', {
    schema: {
      tags: ['chat'],
      summary: 'The visitor deletes their ended chat (409 while it is open or under a legal hold)',
      params: idParams,
      response: { 200: ackSchema, ...errorResponses(404, 409) },
    },
    preHandler: rateLimit({ name: 'chat erase', max: 20, windowMs: 3_600_000 }),
    handler: async (request, reply) => {
      const conversation = await conversationForClient(db, request.params.id, secretOf(request.headers));
      await eraseOwnConversation(db, notifier, request.context(), conversation);
      reply.header('cache-control', 'no-store');
      return { ok: true as const };
    },
  });

  app.post('/api/v1/chat/conversations/:id/rating', {
    schema: {
      tags: ['chat'],
      summary: 'Rate a closed chat 1–5; rating again changes it',
      params: idParams,
      body: ratingSchema,
      response: { 200: ackSchema, ...errorResponses(400, 404, 409) },
    },
    handler: async (request) => {
      const conversation = await conversationForClient(db, request.params.id, secretOf(request.headers));
      await rateChat(db, conversation, request.body);
      return { ok: true as const };
    },
  });

  app.post('/api/v1/chat/conversations/:id/transcript', {
    schema: {
      tags: ['chat'],
      summary: 'Email the transcript (messages only) to the address given',
      params: idParams,
      body: transcriptSchema,
      response: { 200: ackSchema, ...errorResponses(400, 404, 409, 429) },
    },
    preHandler: rateLimit({ name: 'transcript', max: 5, windowMs: 3_600_000 }),
    handler: async (request) => {
      const conversation = await conversationForClient(db, request.params.id, secretOf(request.headers));
      const queued = await queueTranscript(db, settings, conversation, request.body.email);
      // Over the address's hourly allowance of automatic mail.
      if (!queued)
        throw new AppError('request.rate_limited', 429, 'Too many mails to this address; try later');
      sender.kick(queued.id);
      return { ok: true as const };
    },
  });

  app.post('/api/v1/chat/offline', {
    schema: {
      tags: ['chat'],
      summary: 'Leave a message (email) or ask for a call back (phone) when the chat is closed or busy',
      body: offlineSchema,
      response: { 201: z.object({ conversationId: z.string() }), ...errorResponses(400, 429) },
    },
    preHandler: rateLimit({ name: 'offline request', max: 5, windowMs: 10 * 60_000 }),
    handler: async (request) => leaveOfflineRequest(contact, request.body, originOf(request.headers)),
  });

  const settingsSchema = z.object({
    assignment: z.enum(['manual', 'auto']),
    maxWaitSeconds: z.number().int().min(30).max(3600),
  });

  app.get('/api/v1/chat/settings', {
    schema: {
      tags: ['chat'],
      summary: 'Service-wide chat settings',
      response: ok(settingsSchema),
    },
    handler: async (request) => readChatSettings(db, request.context()),
  });

  app.put('/api/v1/chat/settings', {
    schema: {
      tags: ['chat'],
      summary: 'Change the chat settings (admins)',
      body: settingsSchema,
      response: ok(settingsSchema),
    },
    handler: async (request) => changeChatSettings(db, notifier, request.context(), request.body),
  });

  const hoursQuery = z.object({ organisation: z.uuid().optional() });

  app.get('/api/v1/chat/opening-hours', {
    schema: {
      tags: ['chat'],
      summary: 'Weekly hours and exceptions of the service or of one provider',
      querystring: hoursQuery,
      response: ok(scheduleSchema),
    },
    handler: async (request) => {
      authorize(request.actor, 'console.use');
      return scheduleOutput(await loadSchedule(db, request.query.organisation ?? null));
    },
  });

  app.put('/api/v1/chat/opening-hours', {
    schema: {
      tags: ['chat'],
      summary: 'Replace the weekly hours and exceptions (Europe/Helsinki)',
      querystring: hoursQuery,
      body: scheduleInputSchema,
      response: ok(scheduleSchema),
    },
    handler: async (request) =>
      changeOpeningHours(db, notifier, request.context(), request.query.organisation ?? null, request.body),
  });
};
