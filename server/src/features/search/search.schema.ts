import { z } from 'zod';
import { articleLangSchema } from '../../shared/languages.js';

export const searchTypes = ['article', 'program', 'event'] as const;

export const searchQuerySchema = z.object({
  // Long queries are cut, not refused: a visitor pasting a paragraph still gets an answer.
  q: z.string().max(5000).default(''),
  lang: articleLangSchema.default('fi'),
  types: z
    .string()
    .max(200)
    .default('article')
    .transform((value) =>
      value
        .split(',')
        .map((type) => type.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.enum(searchTypes)).min(1)),
  limit: z.coerce.number().int().min(1).max(50).default(10),
  /** The site's search page: the query goes to the editors' search log (scrubbed, 90 days). */
  log: z.enum(['site']).optional(),
});
export type SearchQuery = z.infer<typeof searchQuerySchema>;

export const searchResultSchema = z.object({
  type: z.enum(searchTypes),
  id: z.string(),
  title: z.string(),
  url: z.string(),
  /** HTML-escaped text with the matched words in <mark> elements. */
  snippet: z.string(),
  score: z.number(),
  /** Events: when and where (ISO instants; place and municipality). */
  startsAt: z.string().optional(),
  endsAt: z.string().optional(),
  place: z.string().optional(),
});

export const searchResponseSchema = z.object({
  results: z.array(searchResultSchema),
  /** When logged: the log row, to which the page's result links report what was opened. */
  searchId: z.string().optional(),
});
export type SearchResponse = z.infer<typeof searchResponseSchema>;
