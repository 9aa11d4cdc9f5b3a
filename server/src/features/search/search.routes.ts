import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { rateLimit } from '../../http/rate-limit.js';
import { logSearchQuery, recordSearchClick } from './search-log.js';
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
      if (query.log !== 'site') return { results };
      const searchId = await logSearchQuery(db, {
        source: 'site',
        lang: query.lang,
        query: query.q,
        results: results.length,
      });
      return { results, ...(searchId ? { searchId } : {}) };
    },
  });

  // A result link's `ping`: the browser reports the click without any script on the page.
  app.addContentTypeParser('text/ping', { parseAs: 'string' }, (_request, body, done) => done(null, body));
  app.post('/api/v1/search-log/:id/click', {
    schema: {
      tags: ['search'],
      summary: 'What was opened from a logged search (the first click counts)',
      params: z.object({ id: z.uuid() }),
      querystring: z.object({ r: z.string().regex(/^(article|program|event):[A-Za-z0-9_-]{1,100}$/) }),
      response: { 204: z.null(), ...errorResponses(400, 429) },
    },
    preHandler: rateLimit({ name: 'search click', max: 60, windowMs: 60_000 }),
    handler: async (request, reply) => {
      await recordSearchClick(db, request.params.id, request.query.r);
      return reply.status(204).send(null);
    },
  });
};
