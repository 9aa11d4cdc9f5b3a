import { z } from 'zod';

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
