import { expandTerms, type TermAlternatives } from '../../shared/search/terms.js';
import { escapeHtml } from '../../shared/html.js';
import type { Db } from '../../db/database-types.js';
import { textSearchConfig, type ArticleLang } from '../../shared/languages.js';
import { articleUrl } from '../../shared/urls/article-urls.js';
import type { RequestContext } from '../../access/request-context.js';
import { cachedExpansions } from './lexeme-cache.js';
import { normaliseQuery } from '../../shared/search/query-normalisation.js';
import {
  lexemeItems,
  MARK_END,
  MARK_START,
  searchArticleVersions,
  type ArticleHit,
  type LexemeItem,
  type SearchScope,
} from './search.repository.js';
import type { SearchQuery, SearchResponse } from './search.schema.js';

/** Escapes the headline and turns the engine's match markers into <mark> elements. */
export function presentSnippet(headline: string): string {
  return escapeHtml(headline).replaceAll(MARK_START, '<mark>').replaceAll(MARK_END, '</mark>');
}

// A lexeme that the text search parser keeps as one word: only such items may be dropped for a
// prefix that covers them (a hyphenated one becomes a phrase of its parts in to_tsquery).
const singleWord = /^[\p{L}\p{M}\p{N}]+$/u;

/**
 * The tsquery text of one query position: its items ORed, leaving out those that a prefix item
 * of the same position already matches (opiskelu:* covers 'opiskelupaik'). That changes neither
 * which versions match nor their rank (a document position found through two items counts
 * once), but every item left out is work saved for each matching version.
 */
export function positionQuery(items: LexemeItem[]): string {
  const prefixes = items.filter((i) => i.prefix).map((i) => i.lexeme);
  const kept = new Set<string>();
  for (const item of items) {
    const covered =
      singleWord.test(item.lexeme) &&
      prefixes.some((prefix) => item.lexeme.startsWith(prefix) && (prefix !== item.lexeme || !item.prefix));
    if (!covered) kept.add(item.item);
  }
  return `(${[...kept].join(' | ')})`;
}

/** The tsquery text of each query position that has any stem: its alternatives ORed. */
async function positionQueries(db: Db, lang: ArticleLang, terms: TermAlternatives[]): Promise<string[]> {
  const config = textSearchConfig(lang);
  const items = await cachedExpansions(db, lang, terms, (words) => lexemeItems(db, { lang, config, words }));
  const byPosition = new Map<number, LexemeItem[]>();
  terms.forEach((term, i) => {
    const found = items[i] ?? [];
    if (found.length > 0) byPosition.set(term.position, [...(byPosition.get(term.position) ?? []), ...found]);
  });
  return [...byPosition.keys()]
    .sort((a, b) => a - b)
    .map((position) => positionQuery(byPosition.get(position)!));
}

/**
 * The published guides of one language matching a query, best first. The query is normalised
 * first, so tsquery syntax, empty or over-long input all give a normal (possibly empty) answer.
 * Every term with a stem must match (stop words such as "ja" are left out); if that finds
 * nothing, any term may, at half the score. Without `snippets` no passage is highlighted. The
 * public guides unless `scope` is the staff handbook.
 */
export async function findArticles(
  db: Db,
  query: { q: string; lang: ArticleLang; limit: number },
  snippets = true,
  scope: SearchScope = 'guides',
): Promise<ArticleHit[]> {
  const words = normaliseQuery(query.q);
  if (words.length === 0) return [];
  const positions = await positionQueries(db, query.lang, expandTerms(query.lang, words));
  if (positions.length === 0) return [];
  const anyQuery = positions.join(' | ');
  const options = {
    lang: query.lang,
    config: textSearchConfig(query.lang),
    anyQuery,
    limit: query.limit,
    snippets,
    scope,
  };
  const hits = await searchArticleVersions(db, { ...options, query: positions.join(' & '), weight: 1 });
  if (hits.length > 0 || positions.length === 1) return hits;
  return searchArticleVersions(db, { ...options, query: anyQuery, weight: 0.5 });
}

/** Searches the published guides in one language (findArticles), with highlighted passages. Open to everyone. */
export async function search(db: Db, _ctx: RequestContext, query: SearchQuery): Promise<SearchResponse> {
  const hits = await findArticles(db, query);
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
