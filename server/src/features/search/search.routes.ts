import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../db/database-types.js';
import { errorResponseSchema } from '../../http/schemas.js';
import { searchQuerySchema, searchResponseSchema } from './search.schema.js';
import { search } from './search.service.js';

export const searchRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.get('/api/v1/search', {
    schema: {
      tags: ['search'],
      summary: 'Search the guide (later also programmes and events, chosen with types)',
      querystring: searchQuerySchema,
      response: { 200: searchResponseSchema, 400: errorResponseSchema },
    },
    handler: (request) => search(db, request.context(), request.query),
  });
};
