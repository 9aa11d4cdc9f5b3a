import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { created, idParams, noContent, ok } from '../../http/schemas.js';
import { noStore } from '../../http/no-store.js';
import {
  cannedInputSchema,
  createCanned,
  deleteCanned,
  listCanned,
  updateCanned,
} from '../chat/canned-response.service.js';
import type { ContactDeps } from '../../conversations/channel-deps.js';
import {
  acceptConversation,
  listColleagues,
  listMine,
  listQueue,
  presenceSchema,
  queueFilterSchema,
  readPresence,
  setPresence,
} from '../chat/chat-console.service.js';
import {
  acceptedSchema,
  cannedResponseListSchema,
  cannedResponseSchema,
  chatListSchema,
  colleaguesSchema,
  presenceViewSchema,
} from './chat-console.schema.js';

// Shapes: docs/chat.md (Staff HTTP API).

/** The counsellor's inbox: presence, queue, own chats, and acting on a conversation. */
/** The chat console: presence, the queue of chats, own chats, accepting one, canned responses. */
export const chatConsoleRoutes: FastifyPluginAsyncZod<ContactDeps> = async (app, deps) => {
  const { db, notifier } = deps;
  noStore(app);

  app.get('/api/v1/inbox/presence', {
    schema: {
      tags: ['inbox'],
      summary: 'My chat status and maximum concurrent chats',
      response: ok(presenceViewSchema),
    },
    handler: async (request) => readPresence(db, request.context()),
  });
  app.put('/api/v1/inbox/presence', {
    schema: {
      tags: ['inbox'],
      summary: 'Set my chat status',
      body: presenceSchema,
      response: ok(presenceViewSchema),
    },
    handler: async (request) => setPresence(db, notifier, request.context(), request.body),
  });
  app.get('/api/v1/inbox/queue', {
    schema: {
      tags: ['inbox'],
      summary: 'Queued chats I may take',
      querystring: queueFilterSchema,
      response: ok(chatListSchema),
    },
    handler: async (request) => ({ items: await listQueue(db, request.context(), request.query) }),
  });
  app.get('/api/v1/inbox/mine', {
    schema: { tags: ['inbox'], summary: 'My open chats', response: ok(chatListSchema) },
    handler: async (request) => ({ items: await listMine(db, request.context()) }),
  });
  app.get('/api/v1/inbox/colleagues', {
    schema: {
      tags: ['inbox'],
      summary: 'Transfer targets and the close vocabularies',
      response: ok(colleaguesSchema),
    },
    handler: async (request) => listColleagues(db, request.context()),
  });
  app.post('/api/v1/inbox/conversations/:id/accept', {
    schema: {
      tags: ['inbox'],
      summary: 'Take a chat from the queue',
      params: idParams,
      response: ok(acceptedSchema),
    },
    handler: async (request) => acceptConversation(db, notifier, request.context(), request.params.id),
  });
  app.get('/api/v1/inbox/canned-responses', {
    schema: {
      tags: ['inbox'],
      summary: 'My canned responses and the shared ones',
      response: ok(cannedResponseListSchema),
    },
    handler: async (request) => ({ items: await listCanned(db, request.context()) }),
  });
  app.post('/api/v1/inbox/canned-responses', {
    schema: {
      tags: ['inbox'],
      summary: 'Add a canned response',
      body: cannedInputSchema,
      response: created(cannedResponseSchema),
    },
    handler: async (request) => createCanned(db, request.context(), request.body),
  });
  app.put('/api/v1/inbox/canned-responses/:id', {
    schema: {
      tags: ['inbox'],
      summary: 'Change a canned response',
      params: idParams,
      body: cannedInputSchema,
      response: ok(cannedResponseSchema),
    },
    handler: async (request) => updateCanned(db, request.context(), request.params.id, request.body),
  });
  app.delete('/api/v1/inbox/canned-responses/:id', {
    schema: {
      tags: ['inbox'],
      summary: 'Delete a canned response',
      params: idParams,
      response: noContent,
    },
    handler: async (request, reply) => {
      await deleteCanned(db, request.context(), request.params.id);
      return reply.status(204).send(null);
    },
  });
};
