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
 * Language versions an article may have. `fi-selko` is plain Finnish (selkosuomi), a variant
 * of its own with its own text; the page marks it `lang="fi"`.
 */
export const articleLangs = ['fi', 'sv', 'en', 'fi-selko', 'uk', 'ru', 'ar', 'so', 'fa', 'et'] as const;
export type ArticleLang = (typeof articleLangs)[number];
export const articleLangSchema = z.enum(articleLangs);

/** Languages written right to left: their pages get dir="rtl". */
export const rtlLangs: readonly ArticleLang[] = ['ar', 'fa'];

/** The PostgreSQL text search configuration for each language (snowball stemming where one exists). */
export function textSearchConfig(lang: ArticleLang): string {
  switch (lang) {
    case 'fi':
    case 'fi-selko':
      return 'finnish';
    case 'sv':
      return 'swedish';
    case 'en':
      return 'english';
    case 'ru':
      return 'russian';
    case 'ar':
      return 'arabic';
    default:
      return 'simple';
  }
}

export const slugSchema = z
  .string()
  .min(1)
  .max(120)
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'lowercase letters, digits and single hyphens only');

export const ARTICLE_LIMITS = { title: 200, summary: 300, body: 100_000, tags: 30, tag: 60 } as const;
