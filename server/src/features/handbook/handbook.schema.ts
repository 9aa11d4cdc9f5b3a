import { z } from 'zod';
import { articleLangSchema } from '../../shared/languages.js';
import { articleSummarySchema } from '../articles/article.schema.js';
import { slugSchema } from '../articles/article-vocabulary.js';

export const handbookQuerySchema = z.object({
  lang: articleLangSchema.default('fi'),
  /** Words to search for; without them every article is listed. */
  q: z.string().trim().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(50),
});
export type HandbookQuery = z.infer<typeof handbookQuerySchema>;

export const handbookParamsSchema = z.object({ lang: articleLangSchema, slug: slugSchema });

/** A handbook article as a list shows it: a guide's summary without the public address. */
const handbookSummarySchema = articleSummarySchema.omit({ category: true, url: true });

export const handbookListSchema = z.object({
  items: z.array(
    handbookSummarySchema.extend({
      /** The passage that matched, HTML with <mark>; empty when listing without a search. */
      snippet: z.string(),
    }),
  ),
});
export type HandbookList = z.infer<typeof handbookListSchema>;

export const handbookArticleSchema = handbookSummarySchema.extend({
  html: z.string(),
  lastReviewed: z.string().nullable(),
  updatedAt: z.iso.datetime(),
});
export type HandbookArticle = z.infer<typeof handbookArticleSchema>;
