import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/database-types.js';
import { rateLimit } from '../../http/rate-limit.js';
import { errorResponses } from '../../http/schemas.js';
import { getGuideIndex, giveArticleFeedback, readArticle } from './article-read.service.js';
import {
  articlePageSchema,
  articleParamsSchema,
  feedbackBodySchema,
  guideIndexQuerySchema,
  guideIndexSchema,
  legalPageParamsSchema,
  legalPageQuerySchema,
  legalPageSchema,
} from './article.schema.js';
import { readLegalPage } from './legal-page.service.js';

export const articleRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  const feedbackLimit = rateLimit({ name: 'feedback', max: 20, windowMs: 60_000 });

  app.get('/api/v1/articles', {
    schema: {
      tags: ['articles'],
      summary: 'The guide index of one language',
      querystring: guideIndexQuerySchema,
      response: { 200: guideIndexSchema, ...errorResponses(400) },
    },
    handler: (request) => getGuideIndex(db, request.context(), request.query.lang),
  });

  app.get('/api/v1/articles/:lang/:slug', {
    schema: {
      tags: ['articles'],
      summary: 'One published article (counts a view)',
      params: articleParamsSchema,
      response: { 200: articlePageSchema, ...errorResponses(400, 404) },
    },
    handler: (request) => readArticle(db, request.context(), request.params.lang, request.params.slug),
  });

  app.post('/api/v1/articles/:lang/:slug/feedback', {
    schema: {
      tags: ['articles'],
      summary: 'Was this helpful? yes/no with an optional comment',
      params: articleParamsSchema,
      body: feedbackBodySchema,
      response: { 204: z.null(), ...errorResponses(400, 404, 429) },
    },
    preHandler: feedbackLimit,
    handler: async (request, reply) => {
      await giveArticleFeedback(
        db,
        request.context(),
        request.params.lang,
        request.params.slug,
        request.body,
      );
      return reply.status(204).send(null);
    },
  });

  app.get('/api/v1/legal-pages/:page', {
    schema: {
      tags: ['articles'],
      summary: 'The privacy notice or the accessibility statement, as last published in the editor',
      params: legalPageParamsSchema,
      querystring: legalPageQuerySchema,
      response: { 200: legalPageSchema, ...errorResponses(400, 404) },
    },
    handler: (request) => readLegalPage(db, request.context(), request.params.page, request.query.lang),
  });
};
