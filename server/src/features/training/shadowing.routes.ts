import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ChatNotifier } from '../../conversations/notifier.js';
import { staffMessageViewSchema } from '../../conversations/staff-view.schema.js';
import type { Db } from '../../db/database-types.js';
import { created, itemsOf, ok } from '../../http/schemas.js';
import {
  addShadowNote,
  answerShadowRequest,
  endShadowing,
  listShadowable,
  listShadowRequests,
  readShadow,
  requestShadowing,
} from './shadowing.service.js';
import { idParamsSchema } from './training.schema.js';
import { shadowStatuses } from './training.table.js';

const statusSchema = z.object({ id: z.string(), status: z.enum(shadowStatuses) });
const shadowViewSchema = z.object({
  id: z.string(),
  status: z.enum(shadowStatuses),
  conversationId: z.string(),
  counsellorName: z.string(),
  topic: z.string().nullable(),
  language: z.string().nullable(),
  messages: z.array(staffMessageViewSchema),
  notes: z.array(z.object({ id: z.string(), body: z.string(), createdAt: z.string() })),
  chatOpen: z.boolean(),
});

/** Following a colleague's live chat read-only, with their acceptance (docs/training.md). */
export const shadowingRoutes: FastifyPluginAsyncZod<{ db: Db; notifier: ChatNotifier }> = async (
  app,
  { db, notifier },
) => {
  const tags = ['training'];
  app.get('/api/v1/training/shadowing/chats', {
    schema: {
      tags,
      summary: 'Colleagues’ live chats one may ask to follow',
      response: ok(
        itemsOf(
          z.object({
            conversationId: z.string(),
            counsellorId: z.string(),
            counsellorName: z.string(),
            topic: z.string().nullable(),
            language: z.string().nullable(),
            startedAt: z.string(),
            request: statusSchema.nullable(),
          }),
        ),
      ),
    },
    handler: (request) => listShadowable(db, request.context()),
  });
  app.post('/api/v1/training/shadowing', {
    schema: {
      tags,
      summary: 'Ask to follow a colleague’s live chat (the first request is returned again)',
      body: z.object({ conversationId: z.uuid() }),
      response: created(statusSchema),
    },
    handler: async (request, reply) =>
      reply.code(201).send(await requestShadowing(db, request.context(), request.body.conversationId)),
  });
  app.get('/api/v1/training/shadowing/requests', {
    schema: {
      tags,
      summary: 'Requests to follow one’s own live chats, awaiting an answer',
      response: ok(
        itemsOf(
          z.object({
            id: z.string(),
            conversationId: z.string(),
            observerName: z.string(),
            createdAt: z.string(),
          }),
        ),
      ),
    },
    handler: (request) => listShadowRequests(db, request.context()),
  });
  app.post('/api/v1/training/shadowing/:id/accept', {
    schema: {
      tags,
      summary: 'Let a colleague follow the chat',
      params: idParamsSchema,
      response: ok(statusSchema),
    },
    handler: (request) => answerShadowRequest(db, request.context(), notifier, request.params.id, true),
  });
  app.post('/api/v1/training/shadowing/:id/decline', {
    schema: {
      tags,
      summary: 'Decline a request to follow the chat',
      params: idParamsSchema,
      response: ok(statusSchema),
    },
    handler: (request) => answerShadowRequest(db, request.context(), notifier, request.params.id, false),
  });
  app.post('/api/v1/training/shadowing/:id/end', {
    schema: { tags, summary: 'End following a chat', params: idParamsSchema, response: ok(statusSchema) },
    handler: (request) => endShadowing(db, request.context(), notifier, request.params.id),
  });
  app.get('/api/v1/training/shadowing/:id', {
    schema: {
      tags,
      summary: 'The followed chat (read-only) and one’s notes',
      params: idParamsSchema,
      querystring: z.object({ after: z.coerce.number().int().min(0).default(0) }),
      response: ok(shadowViewSchema),
    },
    handler: (request) => readShadow(db, request.context(), request.params.id, request.query.after),
  });
  app.post('/api/v1/training/shadowing/:id/notes', {
    schema: {
      tags,
      summary: 'A private note for a later talk with the colleague',
      params: idParamsSchema,
      body: z.object({ body: z.string().trim().min(1).max(2000) }),
      response: created(shadowViewSchema),
    },
    handler: async (request, reply) =>
      reply.code(201).send(await addShadowNote(db, request.context(), request.params.id, request.body.body)),
  });
};
