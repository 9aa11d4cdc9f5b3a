import { z } from 'zod';

/** Topic groups of the guide, in the order the guide index shows them. */
export const articleCategories = [
  'hakeminen',
  'tutkinnot',
  'rahoitus',
  'tyo-ja-ura',
  'maahanmuuttajat',
  'tuki',
  'ohjaus',
] as const;
export type ArticleCategory = (typeof articleCategories)[number];

export const slugSchema = z
  .string()
  .min(1)
  .max(120)
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'lowercase letters, digits and single hyphens only');

export const ARTICLE_LIMITS = { title: 200, summary: 300, body: 100_000, tags: 30, tag: 60 } as const;
