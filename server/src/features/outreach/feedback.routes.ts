import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/database-types.js';
import { rateLimit } from '../../http/rate-limit.js';
import { errorResponses } from '../../http/schemas.js';
import { noStore } from '../../http/no-store.js';
import { feedbackViewSchema } from './feedback.schema.js';
import { feedbackInputSchema, feedbackTokenSchema, readFeedback, saveFeedback } from './feedback.service.js';

const params = z.object({ token: feedbackTokenSchema });
const errors = errorResponses(400, 404, 410, 429);

/** The feedback links mailed after a closed contact (docs/outreach.md). */
export const feedbackRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  noStore(app);
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
