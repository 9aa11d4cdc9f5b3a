import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/database-types.js';
import { rateLimit } from '../../http/rate-limit.js';
import { errorResponseSchema } from '../../http/schemas.js';
import { feedbackViewSchema } from './feedback.schema.js';
import { feedbackInputSchema, feedbackTokenSchema, readFeedback, saveFeedback } from './feedback.service.js';

const params = z.object({ token: feedbackTokenSchema });
const errors = {
  400: errorResponseSchema,
  404: errorResponseSchema,
  410: errorResponseSchema,
  429: errorResponseSchema,
};

/** The feedback links mailed after a closed contact (docs/outreach.md). */
export const feedbackRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.addHook('onSend', async (_request, reply) => {
    reply.header('cache-control', 'no-store');
  });
  app.get('/api/v1/feedback/:token', {
    schema: {
      tags: ['feedback'],
      summary: 'The rating recorded through a feedback link so far (410 when the link has expired)',
      params,
      response: { 200: feedbackViewSchema, ...errors },
    },
    preHandler: rateLimit({ name: 'feedback read', max: 60, windowMs: 60_000 }),
    handler: async (request) => readFeedback(db, request.params.token),
  });
  app.post('/api/v1/feedback/:token', {
    schema: {
      tags: ['feedback'],
      summary: 'Record or change the rating (1–5) and the optional comment',
      params,
      body: feedbackInputSchema,
      response: { 200: feedbackViewSchema, ...errors },
    },
    preHandler: rateLimit({ name: 'feedback', max: 30, windowMs: 60_000 }),
    handler: async (request) => saveFeedback(db, request.params.token, request.body),
  });
};
