import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../db/database-types.js';
import { errorResponses } from '../../http/schemas.js';
import { searchProgrammesForSite } from '../catalogue/programme.service.js';
import { searchEvents } from '../events/event-search.js';
import { searchQuerySchema, searchResponseSchema, type SearchResponse } from './search.schema.js';
import { search } from './search.service.js';

export const searchRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.get('/api/v1/search', {
    schema: {
      tags: ['search'],
      summary: 'Search the guide and the programme catalogue (types=article,program,event)',
      querystring: searchQuerySchema,
      response: { 200: searchResponseSchema, ...errorResponses(400) },
    },
    handler: async (request) => {
      const query = request.query;
      const results: SearchResponse['results'] = [];
      // Each type in the order asked, each up to `limit`.
      for (const type of [...new Set(query.types)]) {
        if (type === 'article') results.push(...(await search(db, request.context(), query)).results);
        else if (type === 'program')
          results.push(...(await searchProgrammesForSite(db, query.lang, query.q, query.limit)));
        else results.push(...(await searchEvents(db, query.lang, query.q, query.limit)));
      }
      return { results };
    },
  });
};
