import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/database-types.js';
import { offeredLanguages, ownLanguageName } from '../../conversations/languages.js';

/** The languages of guidance, for the public forms and the booking page. */
export const languagesRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.get('/api/v1/languages', {
    schema: {
      tags: ['chat'],
      summary: 'The languages some active counsellor guides in, each named in its own language',
      response: { 200: z.object({ items: z.array(z.object({ code: z.string(), name: z.string() })) }) },
    },
    handler: async (_request, reply) => {
      reply.header('cache-control', 'public, max-age=300');
      const codes = await offeredLanguages(db);
      return { items: codes.map((code) => ({ code, name: ownLanguageName(code) })) };
    },
  });
};
