import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../db/database-types.js';
import { errorResponses } from '../../http/schemas.js';
import {
  handbookArticleSchema,
  handbookListSchema,
  handbookParamsSchema,
  handbookQuerySchema,
} from './handbook.schema.js';
import { listHandbook, readHandbookArticle } from './handbook.service.js';

/** The staff handbook, for signed-in staff only (never a public address). */
export const handbookRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.get('/api/v1/handbook', {
    schema: {
      tags: ['handbook'],
      summary: 'The staff handbook of one language, or a search of it (staff only)',
      querystring: handbookQuerySchema,
      response: { 200: handbookListSchema, ...errorResponses(400, 401, 403) },
    },
    handler: (request) => listHandbook(db, request.context(), request.query),
  });

  app.get('/api/v1/handbook/:lang/:slug', {
    schema: {
      tags: ['handbook'],
      summary: 'One staff handbook article (staff only)',
      params: handbookParamsSchema,
      response: { 200: handbookArticleSchema, ...errorResponses(400, 401, 403, 404) },
    },
    handler: (request) =>
      readHandbookArticle(db, request.context(), request.params.lang, request.params.slug),
  });
};
