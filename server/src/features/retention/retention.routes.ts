import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../db/database-types.js';
import { ok } from '../../http/schemas.js';
import {
  publicRetention,
  publicRetentionSchema,
  retentionSettings,
  retentionSettingsSchema,
  saveRetentionSchema,
  saveRetentionSettings,
  type RetentionLimits,
} from './retention.service.js';

export const retentionRoutes: FastifyPluginAsyncZod<{ db: Db; limits: RetentionLimits }> = async (
  app,
  { db, limits },
) => {
  app.get('/api/v1/retention', {
    schema: {
      tags: ['privacy'],
      summary:
        'Each class of data: days kept, default, bounds, and what the next purge would remove (admins)',
      response: ok(retentionSettingsSchema),
    },
    handler: async (request) => retentionSettings(db, request.context(), limits),
  });

  app.put('/api/v1/retention', {
    schema: {
      tags: ['privacy'],
      summary: 'Sets the days of some classes (400 retention.out_of_limits outside the bounds)',
      body: saveRetentionSchema,
      response: ok(retentionSettingsSchema),
    },
    handler: async (request) => saveRetentionSettings(db, request.context(), limits, request.body),
  });

  app.get('/api/v1/retention/public', {
    schema: {
      tags: ['privacy'],
      summary: 'How long each class of data is kept, for the privacy notice',
      response: { 200: publicRetentionSchema },
    },
    handler: async (_request, reply) => {
      reply.header('cache-control', 'public, max-age=300');
      return publicRetention(db);
    },
  });
};
