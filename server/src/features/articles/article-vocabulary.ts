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

/**
 * The service's statutory pages (the privacy notice, the accessibility statement): articles with
 * fixed keys (shared/urls/legal-urls.ts), edited and versioned like every guide, shown on pages
 * of their own and never among the guides (index, related guides, search, suggestions, cards).
 */
export const LEGAL_CATEGORY = 'legal';
/**
 * The staff handbook: articles for counsellors (methods, the service model, referrals, data
 * protection), edited like guides and read in the console only — never on a public page, in
 * public search, suggestions, cards or the widget (404 on a public address).
 */
export const HANDBOOK_CATEGORY = 'handbook';
/** What the public never sees among the guides. */
export const NON_GUIDE_CATEGORIES: string[] = [LEGAL_CATEGORY, HANDBOOK_CATEGORY];
/** What an editor may create: a guide category or the handbook. */
export const editableCategories = [...articleCategories, HANDBOOK_CATEGORY] as const;
/** What a content file may name: a guide category, the handbook, or the statutory pages'. */
export const contentCategories = [...articleCategories, HANDBOOK_CATEGORY, LEGAL_CATEGORY] as const;

export const slugSchema = z
  .string()
  .min(1)
  .max(120)
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'lowercase letters, digits and single hyphens only');

export const ARTICLE_LIMITS = { title: 200, summary: 300, body: 100_000, tags: 30, tag: 60 } as const;
