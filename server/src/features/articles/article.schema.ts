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

export const legalPageParamsSchema = z.object({ page: z.enum(['privacy', 'accessibility']) });
export const legalPageQuerySchema = z.object({ lang: z.enum(['fi', 'sv', 'en']).default('fi') });

/** A statutory page (privacy notice, accessibility statement) as its public page shows it. */
export const legalPageSchema = z.object({
  page: z.enum(['privacy', 'accessibility']),
  /** The language of the text: the one asked for, or Finnish while it is not translated. */
  lang: z.string(),
  title: z.string(),
  summary: z.string(),
  html: z.string(),
  /** Each save in the editor is a new revision. */
  revision: z.number().int(),
  updatedAt: z.iso.datetime(),
  lastReviewed: z.string().nullable(),
});
export type LegalPageView = z.infer<typeof legalPageSchema>;
