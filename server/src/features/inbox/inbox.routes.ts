import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParams, ok } from '../../http/schemas.js';
import { noStore } from '../../http/no-store.js';
import type { ContactDeps } from '../../conversations/channel-deps.js';
import { afterClosed } from '../outreach/feedback.service.js';
import { postStaffMessage, readConversationForStaff, staffMessageSchema } from './conversation.service.js';
import { bulkClose, bulkCloseSchema, closeConversation, closeSchema } from './conversation-close.service.js';
import { claimConversation } from './conversation-claim.service.js';
import { transferConversation, transferSchema } from './conversation-transfer.service.js';
import { callOutcomeSchema, logCallOutcome } from './call-outcome.service.js';
import { inboxListSchema, listInbox } from './inbox-list.service.js';
import {
  bulkCloseResultSchema,
  callOutcomeResultSchema,
  conversationRefSchema,
  inboxListResponseSchema,
  postedMessageSchema,
  staffConversationSchema,
} from './inbox.schema.js';

// Shapes: docs/chat.md (Staff HTTP API).

/** The counsellor's inbox: presence, queue, own chats, and acting on a conversation. */
/** Every channel in one inbox: the list, reading, replying, claiming, transferring, closing. */
export const inboxRoutes: FastifyPluginAsyncZod<ContactDeps> = async (app, deps) => {
  const { db, notifier, sender, settings } = deps;
  noStore(app);

  app.get('/api/v1/inbox/conversations', {
    schema: {
      tags: ['inbox'],
      summary: 'Every channel in one list: filters, full-text search, first-response and waiting times',
      querystring: inboxListSchema,
      response: ok(inboxListResponseSchema),
    },
    handler: async (request) => listInbox(db, request.context(), request.query),
  });
  app.post('/api/v1/inbox/bulk-close', {
    schema: {
      tags: ['inbox'],
      summary: 'Close several conversations; each one is checked on its own',
      body: bulkCloseSchema,
      response: ok(bulkCloseResultSchema),
    },
    handler: async (request) => {
      const result = await bulkClose(db, notifier, request.context(), request.body);
      await afterClosed(deps, result.closed, request.log);
      return result;
    },
  });
  app.post('/api/v1/inbox/conversations/:id/claim', {
    schema: {
      tags: ['inbox'],
      summary: 'Take an email, call-back or web-form conversation',
      params: idParams,
      response: ok(conversationRefSchema),
    },
    handler: async (request) => claimConversation(db, notifier, request.context(), request.params.id),
  });
  app.post('/api/v1/inbox/conversations/:id/call-outcome', {
    schema: {
      tags: ['inbox'],
      summary: 'Log a call: reached, no answer (try again at …), wrong number, done',
      params: idParams,
      body: callOutcomeSchema,
      response: ok(callOutcomeResultSchema),
    },
    handler: async (request) => {
      const result = await logCallOutcome(db, notifier, request.context(), request.params.id, request.body);
      if (result.status === 'closed') await afterClosed(deps, [result.id], request.log);
      return result;
    },
  });
  app.get('/api/v1/inbox/conversations/:id', {
    schema: {
      tags: ['inbox'],
      summary: 'A conversation with messages and notes after a sequence number, and its context',
      params: idParams,
      querystring: z.object({ after: z.coerce.number().int().min(0).max(2_000_000_000).default(0) }),
      response: ok(staffConversationSchema),
    },
    handler: async (request) =>
      readConversationForStaff(db, request.context(), request.params.id, request.query.after),
  });
  app.post('/api/v1/inbox/conversations/:id/messages', {
    schema: {
      tags: ['inbox'],
      summary: 'Reply, or add an internal note (idempotent by clientMsgId)',
      params: idParams,
      body: staffMessageSchema,
      response: ok(postedMessageSchema),
    },
    handler: async (request) =>
      postStaffMessage(db, notifier, request.context(), request.params.id, request.body, {
        sender,
        settings,
      }),
  });
  app.post('/api/v1/inbox/conversations/:id/transfer', {
    schema: {
      tags: ['inbox'],
      summary: 'Transfer to a colleague, a provider queue or an expertise queue',
      params: idParams,
      body: transferSchema,
      response: ok(conversationRefSchema),
    },
    handler: async (request) =>
      transferConversation(db, notifier, request.context(), request.params.id, request.body),
  });
  app.post('/api/v1/inbox/conversations/:id/close', {
    schema: {
      tags: ['inbox'],
      summary: 'Close with topic and outcome',
      params: idParams,
      body: closeSchema,
      response: ok(conversationRefSchema),
    },
    handler: async (request) => {
      const result = await closeConversation(
        db,
        notifier,
        request.context(),
        request.params.id,
        request.body,
      );
      await afterClosed(deps, [result.id], request.log);
      return result;
    },
  });
};
