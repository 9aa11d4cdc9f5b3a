import { z } from 'zod';
import { multiLineText, singleLineText } from '../../shared/text.js';
import { ARTICLE_LIMITS, editableCategories, slugSchema } from './article-vocabulary.js';
import { articleLangSchema } from '../../shared/languages.js';

const atMost = (max: number) => `at most ${max} characters`;
const limited = (max: number, min = 0) =>
  singleLineText(max, { min, minMessage: 'required', maxMessage: atMost(max) });
/** Markdown keeps its leading indentation (an indented code block), so it is not trimmed. */
const markdownBody = (min: number) =>
  multiLineText(ARTICLE_LIMITS.body, {
    trim: false,
    min,
    minMessage: 'required',
    maxMessage: atMost(ARTICLE_LIMITS.body),
  });

export const editorVersionSummarySchema = z.object({
  lang: z.string(),
  slug: z.string(),
  title: z.string(),
  status: z.enum(['draft', 'published']),
  revision: z.number().int(),
  contentUpdatedAt: z.iso.datetime(),
  /** The Finnish version changed after this translation was last saved. */
  isOutdated: z.boolean(),
});

export const editorArticleListItemSchema = z.object({
  key: z.string(),
  category: z.string(),
  title: z.string(),
  versions: z.array(editorVersionSummarySchema),
  missingLangs: z.array(z.string()),
  feedback: z.object({ helpful: z.number().int(), notHelpful: z.number().int() }),
});
export type EditorArticleListItem = z.infer<typeof editorArticleListItemSchema>;

export const editorVersionSchema = editorVersionSummarySchema.extend({
  summary: z.string(),
  bodyMd: z.string(),
  tags: z.array(z.string()),
  lastReviewed: z.string().nullable(),
  updatedAt: z.iso.datetime(),
});
export type EditorVersion = z.infer<typeof editorVersionSchema>;

export const editorArticleSchema = z.object({
  key: z.string(),
  category: z.string(),
  relatedKeys: z.array(z.string()),
  versions: z.array(editorVersionSchema),
});
export type EditorArticle = z.infer<typeof editorArticleSchema>;

export const createArticleSchema = z.object({
  key: slugSchema,
  category: z.enum(editableCategories),
  relatedKeys: z.array(slugSchema).max(10).default([]),
});

export const saveVersionSchema = z.object({
  slug: slugSchema,
  title: limited(ARTICLE_LIMITS.title, 1),
  summary: multiLineText(ARTICLE_LIMITS.summary, { maxMessage: atMost(ARTICLE_LIMITS.summary) }).default(''),
  bodyMd: markdownBody(1),
  tags: z.array(limited(ARTICLE_LIMITS.tag, 1)).max(ARTICLE_LIMITS.tags).default([]),
  status: z.enum(['draft', 'published']),
  lastReviewed: z.iso.date().nullable().default(null),
  /** The revision the editor started from; null when creating the version. Stale → 409. */
  expectedRevision: z.number().int().positive().nullable(),
});
export type SaveVersionInput = z.infer<typeof saveVersionSchema>;

export const versionParamsSchema = z.object({ key: slugSchema, lang: articleLangSchema });
export const revisionParamsSchema = versionParamsSchema.extend({
  revision: z.coerce.number().int().positive(),
});
export const keyParamsSchema = z.object({ key: slugSchema });

export const revisionSummarySchema = z.object({
  revision: z.number().int(),
  title: z.string(),
  status: z.string(),
  createdAt: z.iso.datetime(),
  createdBy: z.string().nullable(),
});
export const revisionSchema = revisionSummarySchema.extend({
  slug: z.string(),
  summary: z.string(),
  bodyMd: z.string(),
  tags: z.array(z.string()),
  lastReviewed: z.string().nullable(),
});
export type RevisionView = z.infer<typeof revisionSchema>;

export const restoreBodySchema = z.object({ expectedRevision: z.number().int().positive() });
export const previewBodySchema = z.object({ bodyMd: markdownBody(0) });

export const feedbackItemSchema = z.object({
  lang: z.string(),
  helpful: z.boolean(),
  comment: z.string().nullable(),
  createdAt: z.iso.datetime(),
});
