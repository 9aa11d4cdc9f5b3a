import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/database-types.js';
import { rateLimit } from '../../http/rate-limit.js';
import { created, errorResponses, idParams, ok } from '../../http/schemas.js';
import {
  countInvitation,
  createRule,
  invitationEvents,
  invitationFor,
  invitationQuerySchema,
  invitationRuleSchema,
  listRules,
  readRule,
  updateRule,
} from './invitations.service.js';
import {
  invitationRuleListSchema,
  invitationRuleViewSchema,
  invitationSchema,
} from './invitations.schema.js';

/** Proactive chat invitations: the rules (admins) and the widget's side (docs/outreach.md). */
export const invitationRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.get('/api/v1/invitations', {
    schema: {
      tags: ['invitations'],
      summary: 'Invitation rules with their counts of the last 30 days',
      response: ok(invitationRuleListSchema),
    },
    handler: async (request) => listRules(db, request.context()),
  });
  app.post('/api/v1/invitations', {
    schema: {
      tags: ['invitations'],
      summary: 'Add an invitation rule',
      body: invitationRuleSchema,
      response: created(invitationRuleViewSchema),
    },
    handler: async (request) => createRule(db, request.context(), request.body),
  });
  app.get('/api/v1/invitations/:id', {
    schema: {
      tags: ['invitations'],
      summary: 'One invitation rule',
      params: idParams,
      response: ok(invitationRuleViewSchema),
    },
    handler: async (request) => readRule(db, request.context(), request.params.id),
  });
  app.put('/api/v1/invitations/:id', {
    schema: {
      tags: ['invitations'],
      summary: 'Change or disable an invitation rule',
      params: idParams,
      body: invitationRuleSchema,
      response: ok(invitationRuleViewSchema),
    },
    handler: async (request) => updateRule(db, request.context(), request.params.id, request.body),
  });

  app.get('/api/v1/chat/invitation', {
    schema: {
      tags: ['chat'],
      summary: 'The invitation for a page path when a counsellor is free; 204 when there is none',
      querystring: invitationQuerySchema,
      response: { 200: invitationSchema, 204: z.null(), ...errorResponses(400, 429) },
    },
    preHandler: rateLimit({ name: 'invitation', max: 120, windowMs: 60_000 }),
    handler: async (request, reply) => {
      reply.header('cache-control', 'no-store');
      const invitation = await invitationFor(db, request.query);
      if (!invitation) return reply.status(204).send(null);
      return invitation;
    },
  });
  app.post('/api/v1/chat/invitation/:id/:event', {
    schema: {
      tags: ['chat'],
      summary: 'Count an invitation shown, accepted or dismissed (anonymous)',
      params: z.object({ id: z.string().max(100), event: z.enum(invitationEvents) }),
      response: { 204: z.null(), ...errorResponses(400, 404, 429) },
    },
    preHandler: rateLimit({ name: 'invitation count', max: 30, windowMs: 60_000 }),
    handler: async (request, reply) => {
      await countInvitation(db, request.params.id, request.params.event);
      return reply.status(204).send(null);
    },
  });
};
