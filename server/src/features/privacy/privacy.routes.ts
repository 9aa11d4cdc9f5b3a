import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ChatNotifier } from '../../conversations/notifier.js';
import type { Db } from '../../db/database-types.js';
import { fileResponse, idParamsSchema, ok } from '../../http/schemas.js';
import { rateLimit } from '../../http/rate-limit.js';
import {
  eraseRequestSchema,
  erasureResultSchema,
  exportRequestSchema,
  legalHoldResultSchema,
  legalHoldSchema,
  personRequestSchema,
  personSummarySchema,
  releaseHoldSchema,
} from './privacy.schema.js';
import {
  erasePerson,
  exportPerson,
  placeLegalHold,
  releaseLegalHold,
  searchPerson,
} from './privacy.service.js';

/*
 * Data-subject requests. The identifier travels in a POST body, never in the address, so that
 * no access log or browser history keeps a person's email address or number.
 */
export const privacyRoutes: FastifyPluginAsyncZod<{ db: Db; notifier: ChatNotifier }> = async (
  app,
  { db, notifier },
) => {
  // Enough for a real day's requests; a script walking through addresses stops here.
  const searchLimit = rateLimit({ name: 'privacy search', max: 60, windowMs: 3_600_000 });

  app.post('/api/v1/privacy/search', {
    schema: {
      tags: ['privacy'],
      summary: 'Everything about a person, found by one whole identifier (audited with the reason)',
      body: personRequestSchema,
      response: ok(personSummarySchema),
    },
    preHandler: searchLimit,
    handler: async (request, reply) => {
      reply.header('cache-control', 'private, no-store');
      return searchPerson(db, request.context(), request.body);
    },
  });

  app.post('/api/v1/privacy/export', {
    schema: {
      tags: ['privacy'],
      summary: 'The person’s data as a JSON file or a printable HTML document in their language',
      body: exportRequestSchema,
      response: ok(fileResponse('application/json', 'The export: JSON, or HTML with format=html')),
    },
    preHandler: searchLimit,
    handler: async (request, reply) => {
      const file = await exportPerson(db, request.context(), request.body);
      return reply
        .header('content-type', file.contentType)
        .header('content-disposition', `attachment; filename="${file.filename}"`)
        .header('cache-control', 'private, no-store')
        .send(file.body);
    },
  });

  app.post('/api/v1/privacy/erase', {
    schema: {
      tags: ['privacy'],
      summary: 'Erases everything found (409 when a conversation is under a legal hold)',
      body: eraseRequestSchema,
      response: ok(erasureResultSchema),
    },
    preHandler: searchLimit,
    handler: async (request) => erasePerson(db, notifier, request.context(), request.body),
  });

  app.put('/api/v1/privacy/conversations/:id/legal-hold', {
    schema: {
      tags: ['privacy'],
      summary: 'Places a legal hold: retention pauses and erasure is refused with the reason',
      params: idParamsSchema,
      body: legalHoldSchema,
      response: ok(legalHoldResultSchema),
    },
    handler: async (request) => placeLegalHold(db, request.context(), request.params.id, request.body.reason),
  });

  app.post('/api/v1/privacy/conversations/:id/legal-hold/release', {
    schema: {
      tags: ['privacy'],
      summary: 'Releases a legal hold (the reason for releasing is audited)',
      params: idParamsSchema,
      body: releaseHoldSchema,
      response: ok(legalHoldResultSchema),
    },
    handler: async (request) =>
      releaseLegalHold(db, request.context(), request.params.id, request.body.reason),
  });
};
