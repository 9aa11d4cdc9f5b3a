import { z } from 'zod';
import { slugSchema } from './article-vocabulary.js';
import { articleLangSchema } from '../../shared/languages.js';

export const articleSummarySchema = z.object({
  key: z.string(),
  lang: z.string(),
  slug: z.string(),
  title: z.string(),
  summary: z.string(),
  category: z.string(),
  url: z.string(),
});
export type ArticleSummaryView = z.infer<typeof articleSummarySchema>;

export const guideIndexSchema = z.object({
  lang: z.string(),
  categories: z.array(z.object({ key: z.string(), articles: z.array(articleSummarySchema) })),
  mostRead: z.array(articleSummarySchema),
});
export type GuideIndexView = z.infer<typeof guideIndexSchema>;

export const articlePageSchema = z.object({
  key: z.string(),
  lang: z.string(),
  slug: z.string(),
  title: z.string(),
  summary: z.string(),
  html: z.string(),
  category: z.string(),
  tags: z.array(z.string()),
  lastReviewed: z.string().nullable(),
  dir: z.enum(['ltr', 'rtl']),
  /** The same article in other languages (plain Finnish included), for the switch and hreflang. */
  translations: z.array(z.object({ lang: z.string(), slug: z.string(), title: z.string(), url: z.string() })),
  related: z.array(articleSummarySchema),
});
export type ArticlePageView = z.infer<typeof articlePageSchema>;

export const guideIndexQuerySchema = z.object({ lang: articleLangSchema.default('fi') });
export const articleParamsSchema = z.object({ lang: articleLangSchema, slug: slugSchema });

export const feedbackBodySchema = z.object({
  helpful: z.boolean(),
  comment: z
    .string()
    .trim()
    .max(1000, 'at most 1000 characters')
    .optional()
    .transform((value) => value || undefined),
});
