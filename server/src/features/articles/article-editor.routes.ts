import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/database-types.js';
import { commonErrors } from '../../http/schemas.js';
import {
  createArticleSchema,
  editorArticleListItemSchema,
  editorArticleSchema,
  editorVersionSchema,
  feedbackItemSchema,
  keyParamsSchema,
  previewBodySchema,
  restoreBodySchema,
  revisionParamsSchema,
  revisionSchema,
  revisionSummarySchema,
  saveVersionSchema,
  versionParamsSchema,
} from './article-editor.schema.js';
import {
  createArticle,
  getArticleForEditor,
  listArticleFeedback,
  listArticlesForEditor,
  previewMarkdown,
  saveArticleVersion,
} from './article-editor.service.js';
import { getRevision, listRevisions, restoreRevision } from './article-revision.service.js';

/** The console's article editor (editors and admins). */
export const articleEditorRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  const tags = ['article editor'];

  app.get('/api/v1/editor/articles', {
    schema: {
      tags,
      response: { 200: z.object({ items: z.array(editorArticleListItemSchema) }), ...commonErrors },
    },
    handler: async (request) => ({ items: await listArticlesForEditor(db, request.context()) }),
  });

  app.post('/api/v1/editor/articles', {
    schema: { tags, body: createArticleSchema, response: { 201: editorArticleSchema, ...commonErrors } },
    handler: async (request, reply) =>
      reply.status(201).send(await createArticle(db, request.context(), request.body)),
  });

  app.get('/api/v1/editor/articles/:key', {
    schema: { tags, params: keyParamsSchema, response: { 200: editorArticleSchema, ...commonErrors } },
    handler: (request) => getArticleForEditor(db, request.context(), request.params.key),
  });

  app.put('/api/v1/editor/articles/:key/versions/:lang', {
    schema: {
      tags,
      summary: 'Save a language version (a new revision); 409 article.stale if someone saved in between',
      params: versionParamsSchema,
      body: saveVersionSchema,
      response: { 200: editorVersionSchema, ...commonErrors },
    },
    handler: (request) =>
      saveArticleVersion(db, request.context(), request.params.key, request.params.lang, request.body),
  });

  app.get('/api/v1/editor/articles/:key/versions/:lang/revisions', {
    schema: {
      tags,
      params: versionParamsSchema,
      response: { 200: z.object({ items: z.array(revisionSummarySchema) }), ...commonErrors },
    },
    handler: async (request) => ({
      items: await listRevisions(db, request.context(), request.params.key, request.params.lang),
    }),
  });

  app.get('/api/v1/editor/articles/:key/versions/:lang/revisions/:revision', {
    schema: { tags, params: revisionParamsSchema, response: { 200: revisionSchema, ...commonErrors } },
    handler: (request) =>
      getRevision(db, request.context(), request.params.key, request.params.lang, request.params.revision),
  });

  app.post('/api/v1/editor/articles/:key/versions/:lang/revisions/:revision/restore', {
    schema: {
      tags,
      params: revisionParamsSchema,
      body: restoreBodySchema,
      response: { 200: editorVersionSchema, ...commonErrors },
    },
    handler: (request) =>
      restoreRevision(
        db,
        request.context(),
        request.params.key,
        request.params.lang,
        request.params.revision,
        request.body.expectedRevision,
      ),
  });

  app.post('/api/v1/editor/preview', {
    schema: {
      tags,
      body: previewBodySchema,
      response: { 200: z.object({ html: z.string() }), ...commonErrors },
    },
    handler: async (request) => previewMarkdown(request.context(), request.body.bodyMd),
  });

  app.get('/api/v1/editor/articles/:key/feedback', {
    schema: {
      tags,
      params: keyParamsSchema,
      response: { 200: z.object({ items: z.array(feedbackItemSchema) }), ...commonErrors },
    },
    handler: async (request) => ({
      items: await listArticleFeedback(db, request.context(), request.params.key),
    }),
  });
};
