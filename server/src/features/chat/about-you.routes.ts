import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/database-types.js';
import { rateLimit } from '../../http/rate-limit.js';
import { errorResponses, idParams } from '../../http/schemas.js';
import { conversationForClient } from '../../conversations/access.js';
import {
  aboutYouOptions,
  aboutYouSchema,
  inputWarningSchema,
  readAboutYou,
  storeAboutYou,
} from '../../conversations/about-you.js';
import { SECRET_HEADER } from './chat.routes.js';

const optionsSchema = z.object({
  ageBands: z.array(z.string()),
  situations: z.array(z.string()),
  municipalities: z.array(z.object({ code: z.string(), name: z.string(), inRegion: z.boolean() })),
});

/** "About you" in the chat: the choices, and the visitor's answer while waiting or after the chat. */
export const aboutYouRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.get('/api/v1/about-you/options', {
    schema: {
      tags: ['chat'],
      summary: 'The age bands, situations and municipalities (names in fi or sv) clients may choose from',
      querystring: z.object({ lang: z.string().max(10).optional() }),
      response: { 200: optionsSchema },
    },
    handler: async (request, reply) => {
      reply.header('cache-control', 'public, max-age=3600');
      return aboutYouOptions(request.query.lang ?? 'fi');
    },
  });

  app.post('/api/v1/chat/conversations/:id/about', {
    schema: {
      tags: ['chat'],
      summary: `The visitor tells about themselves (header ${SECRET_HEADER}); unknown values are left out with a warning`,
      params: idParams,
      body: aboutYouSchema,
      response: {
        200: z.object({ ok: z.literal(true), warnings: z.array(inputWarningSchema) }),
        ...errorResponses(400, 404, 429),
      },
    },
    preHandler: rateLimit({ name: 'chat about', max: 30, windowMs: 3_600_000 }),
    handler: async (request) => {
      const secret = request.headers[SECRET_HEADER];
      const conversation = await conversationForClient(
        db,
        request.params.id,
        typeof secret === 'string' ? secret : '',
      );
      const { about, warnings } = readAboutYou(request.body, '');
      await storeAboutYou(db, conversation.id, about);
      return { ok: true as const, warnings };
    },
  });
};
