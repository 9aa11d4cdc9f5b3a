import type { Db } from '../../db/database-types.js';
import { textSearchConfig, type ArticleLang } from '../articles/article-vocabulary.js';
import { articleUrl } from '../articles/article-urls.js';
import type { RequestContext } from '../auth/request-context.js';
import { gradationVariants, normaliseQuery } from './query-normalisation.js';
import { MARK_END, MARK_START, searchArticleVersions, type TermAlternatives } from './search.repository.js';
import type { SearchQuery, SearchResponse } from './search.schema.js';
import { synonymsFor } from './synonyms.js';

const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Escapes the headline and turns the engine's match markers into <mark> elements. */
export function presentSnippet(headline: string): string {
  return escapeHtml(headline).replaceAll(MARK_START, '<mark>').replaceAll(MARK_END, '</mark>');
}

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

/**
 * Searches the published guide in one language. Open to everyone; the query is normalised
 * first, so tsquery syntax, empty or over-long input all give a normal (possibly empty) answer.
 */
export async function search(db: Db, _ctx: RequestContext, query: SearchQuery): Promise<SearchResponse> {
  const words = normaliseQuery(query.q);
  if (words.length === 0) return { results: [] };
  const hits = await searchArticleVersions(db, {
    lang: query.lang,
    config: textSearchConfig(query.lang),
    terms: expandTerms(query.lang, words),
    limit: query.limit,
  });
  return {
    results: hits.map((hit) => ({
      type: 'article' as const,
      id: hit.key,
      title: hit.title,
      url: articleUrl(hit.lang, hit.slug),
      snippet: presentSnippet(hit.snippet),
      score: Math.round(hit.score * 10_000) / 10_000,
    })),
  };
}
