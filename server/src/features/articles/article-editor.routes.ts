import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/database-types.js';
import { created, itemsOf, ok } from '../../http/schemas.js';
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
      response: ok(itemsOf(editorArticleListItemSchema)),
    },
    handler: async (request) => ({ items: await listArticlesForEditor(db, request.context()) }),
  });

  app.post('/api/v1/editor/articles', {
    schema: { tags, body: createArticleSchema, response: created(editorArticleSchema) },
    handler: async (request) => createArticle(db, request.context(), request.body),
  });

  app.get('/api/v1/editor/articles/:key', {
    schema: { tags, params: keyParamsSchema, response: ok(editorArticleSchema) },
    handler: (request) => getArticleForEditor(db, request.context(), request.params.key),
  });

  app.put('/api/v1/editor/articles/:key/versions/:lang', {
    schema: {
      tags,
      summary: 'Save a language version (a new revision); 409 article.stale if someone saved in between',
      params: versionParamsSchema,
      body: saveVersionSchema,
      response: ok(editorVersionSchema),
    },
    handler: (request) =>
      saveArticleVersion(db, request.context(), request.params.key, request.params.lang, request.body),
  });

  app.get('/api/v1/editor/articles/:key/versions/:lang/revisions', {
    schema: {
      tags,
      params: versionParamsSchema,
      response: ok(itemsOf(revisionSummarySchema)),
    },
    handler: async (request) => ({
      items: await listRevisions(db, request.context(), request.params.key, request.params.lang),
    }),
  });

  app.get('/api/v1/editor/articles/:key/versions/:lang/revisions/:revision', {
    schema: { tags, params: revisionParamsSchema, response: ok(revisionSchema) },
    handler: (request) =>
      getRevision(db, request.context(), request.params.key, request.params.lang, request.params.revision),
  });

  app.post('/api/v1/editor/articles/:key/versions/:lang/revisions/:revision/restore', {
    schema: {
      tags,
      params: revisionParamsSchema,
      body: restoreBodySchema,
      response: ok(editorVersionSchema),
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
      response: ok(z.object({ html: z.string() })),
    },
    handler: async (request) => previewMarkdown(request.context(), request.body.bodyMd),
  });

  app.get('/api/v1/editor/articles/:key/feedback', {
    schema: {
      tags,
      params: keyParamsSchema,
      response: ok(itemsOf(feedbackItemSchema)),
    },
    handler: async (request) => ({
      items: await listArticleFeedback(db, request.context(), request.params.key),
    }),
  });
};
