import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../db/database-types.js';
import { itemsOf, ok } from '../../http/schemas.js';
import { auditEntrySchema, auditQuerySchema } from './audit.schema.js';
import { listAuditEntries } from './audit.service.js';

export const auditRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.get('/api/v1/audit', {
    schema: {
      tags: ['audit'],
      summary: 'Newest audit entries (admins: all; org admins: their provider)',
      querystring: auditQuerySchema,
      response: ok(itemsOf(auditEntrySchema)),
    },
    handler: async (request) => ({ items: await listAuditEntries(db, request.context(), request.query) }),
  });
};
