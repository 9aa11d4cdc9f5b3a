import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/database-types.js';
import { errorResponses } from '../../http/schemas.js';
import { chatTopics } from '../../conversations/vocabulary.js';
import { contentInsight, insightQuerySchema } from './insight.service.js';

const queryCount = z.object({ query: z.string(), lang: z.string(), count: z.number() });
const namedCount = z.object({ ref: z.string(), title: z.string(), count: z.number() });

export const insightRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.get('/api/v1/insight', {
    schema: {
      tags: ['self-help'],
      summary: 'What clients search for and do not find, for the editors (editors and admins)',
      querystring: insightQuerySchema,
      response: {
        200: z.object({
          since: z.string(),
          weeks: z.array(
            z.object({
              week: z.string(),
              lang: z.string(),
              searches: z.number(),
              empty: z.number(),
              unopened: z.number(),
            }),
          ),
          empty: z.array(queryCount),
          unopened: z.array(queryCount),
          topics: z.array(
            z.object({ topic: z.enum(chatTopics), conversations: z.number(), guides: z.number() }),
          ),
          opened: z.array(namedCount),
          answered: z.array(namedCount),
          cards: z.array(namedCount),
          helpfulness: z.array(
            z.object({ ref: z.string(), title: z.string(), helpful: z.number(), notHelpful: z.number() }),
          ),
          mostRead: z.array(namedCount),
        }),
        ...errorResponses(400, 401, 403),
      },
    },
    handler: async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return contentInsight(db, request.context(), request.query);
    },
  });
};
