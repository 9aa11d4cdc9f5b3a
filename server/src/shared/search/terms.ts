import type { ArticleLang } from '../languages.js';
import { gradationVariants } from './query-normalisation.js';
import { synonymsFor } from './synonyms.js';

/** Every alternative a query term stands for: itself, its synonyms and (Finnish) its other grades. */
export function expandTerms(lang: ArticleLang, words: string[]): TermAlternatives[] {
  const terms: TermAlternatives[] = [];
  words.forEach((word, position) => {
    terms.push({ position, word, fuzzy: true });
    for (const synonym of synonymsFor(lang, word)) terms.push({ position, word: synonym, fuzzy: false });
    if (lang === 'fi' || lang === 'fi-selko') {
      for (const variant of gradationVariants(word)) terms.push({ position, word: variant, fuzzy: false });
    }
  });
  return terms;
}

export interface TermAlternatives {
  /** Position of the query term: every position must match (AND), alternatives within one OR. */
  position: number;
  word: string;
  /** Try the vocabulary for typos and compound parts (the typed word itself, not synonyms). */
  fuzzy: boolean;
}
