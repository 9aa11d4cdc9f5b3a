import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/database-types.js';
import { errorResponses, idParams } from '../../http/schemas.js';
import { cardSchema } from '../self-help/self-help.routes.js';
import { suggestionLangs } from '../self-help/suggestions.service.js';
import { suggestForConversation } from './conversation-suggestions.service.js';

/** Suggestions for a client's latest message (a conversation's, or a practice conversation's). */
export const suggestionsSchema = z.object({
  lang: z.enum(suggestionLangs),
  basedOnSeq: z.number().int().nullable(),
  guides: z.array(cardSchema),
  programmes: z.array(cardSchema),
  canned: z.array(z.object({ id: z.string(), title: z.string(), body: z.string() })),
});

/** What a counsellor might send for the client's latest message, in every channel's view. */
export const conversationSuggestionRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.get('/api/v1/inbox/conversations/:id/suggestions', {
    schema: {
      tags: ['inbox'],
      summary: 'Guides, programmes and canned responses for the client’s latest message',
      params: idParams,
      response: { 200: suggestionsSchema, ...errorResponses(401, 403, 404) },
    },
    handler: async (request) => suggestForConversation(db, request.context(), request.params.id),
  });
};
