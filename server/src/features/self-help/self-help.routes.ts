import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/database-types.js';
import { rateLimit } from '../../http/rate-limit.js';
import { errorResponses } from '../../http/schemas.js';
import { serviceOriginFor } from '../../http/service-origin.js';
import { cardTypes, suggest, suggestionLangs } from './suggestions.service.js';

/** A guide or programme as the API shows it (suggestions, and what the console may send as a card). */
import { recordSelfHelp, selfHelpSchema } from './self-help.service.js';

export const cardSchema = z.object({
  type: z.enum(cardTypes),
  id: z.string(),
  title: z.string(),
  summary: z.string(),
  /** A path on the service; the widget puts its service origin in front. */
  url: z.string(),
});

/** Self-help beside the conversation: suggestions for visitors and counsellors, and their outcome. */
export const selfHelpRoutes: FastifyPluginAsyncZod<{ db: Db; serviceOrigin: string | undefined }> = async (
  app,
  { db, serviceOrigin },
) => {
  app.get('/api/v1/suggestions', {
    schema: {
      tags: ['self-help'],
      summary: 'Up to five guides and programmes for a question, in the visitor’s language or Finnish',
      querystring: z.object({
        q: z.string().max(2000).default(''),
        lang: z.string().max(10).default('fi'),
        limit: z.coerce.number().int().min(1).max(5).default(3),
      }),
      response: {
        200: z.object({ lang: z.enum(suggestionLangs), fallback: z.boolean(), results: z.array(cardSchema) }),
        ...errorResponses(400, 429),
      },
    },
    // Typing asks again after each pause; a person types far below this.
    preHandler: rateLimit({ name: 'suggestions', max: 120, windowMs: 60_000 }),
    handler: async (request) => suggest(db, request.context(), request.query),
  });

  app.post('/api/v1/self-help', {
    schema: {
      tags: ['self-help'],
      summary: 'What became of a widget question: answered by the suggestions, or gone on to a chat',
      body: selfHelpSchema,
      response: { 204: z.null(), ...errorResponses(400, 429) },
    },
    preHandler: rateLimit({ name: 'self-help outcome', max: 30, windowMs: 60_000 }),
    handler: async (request, reply) => {
      await recordSelfHelp(db, request.body, serviceOriginFor(serviceOrigin, request));
      return reply.status(204).send(null);
    },
  });
};
