import type { Db } from '../../db/database-types.js';
import type { RequestContext } from '../../access/request-context.js';
import { AppError } from '../../errors.js';
import { normaliseQuery } from '../../shared/search/query-normalisation.js';
import { articleUrl } from '../../shared/urls/article-urls.js';
import { programmeUrl } from '../../shared/urls/catalogue-urls.js';
import { selectPublishedByKeys } from '../articles/article-read.repository.js';
import { catalogueIndex } from '../catalogue/catalogue-index.js';
import { localText } from '../catalogue/catalogue-vocabulary.js';
import { searchProgrammesForSite } from '../catalogue/programme.service.js';
import { findArticles } from '../search/search.service.js';

export const suggestionLangs = ['fi', 'sv', 'en'] as const;
export type SuggestionLang = (typeof suggestionLangs)[number];
export const cardTypes = ['article', 'program'] as const;
export type CardType = (typeof cardTypes)[number];

/** A guide or a programme as a suggestion or a card: `url` is a path on the service. */
export interface Card {
  type: CardType;
  id: string;
  title: string;
  summary: string;
  url: string;
}

const SUMMARY_MAX = 200;
const oneLine = (text: string) => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= SUMMARY_MAX ? flat : `${flat.slice(0, SUMMARY_MAX - 1).trimEnd()}…`;
};

/** True when the question has a word to search for (two letters or more). */
export const hasSearchableWords = (q: string) => normaliseQuery(q).length > 0;

/** Published guides matching the question in one language, with their summaries. */
export async function guideCards(
  db: Db,
  _ctx: RequestContext,
  lang: SuggestionLang,
  q: string,
  limit: number,
): Promise<Card[]> {
  // No highlighted passages: a card shows the summary, and ts_headline is the search's costly part.
  const hits = await findArticles(db, { q, lang, limit }, false);
  return hits.map((hit) => ({
    type: 'article',
    id: hit.key,
    title: hit.title,
    summary: oneLine(hit.summary),
    url: articleUrl(hit.lang, hit.slug),
  }));
}

/** Active programmes matching the question, named in the language asked. */
export async function programmeCards(
  db: Db,
  lang: SuggestionLang,
  q: string,
  limit: number,
): Promise<Card[]> {
  const hits = await searchProgrammesForSite(db, lang, q, limit);
  const index = await catalogueIndex(db);
  return hits.flatMap((hit) => {
    const item = index.byId.get(hit.id);
    if (!item) return [];
    const summary = `${localText(item.providerName, lang)} – ${localText(item.summary, lang)}`;
    return [
      { type: 'program' as const, id: item.id, title: hit.title, summary: oneLine(summary), url: hit.url },
    ];
  });
}

/**
 * Up to `limit` guides and programmes for a visitor's question: guides first, programmes in the
 * places left (at least one when one matches). A language without a UI of its own, or one where nothing matched, falls back
 * to Finnish and says so.
 */
export async function suggest(
  db: Db,
  ctx: RequestContext,
  input: { q: string; lang: string; limit: number },
): Promise<{ lang: SuggestionLang; fallback: boolean; results: Card[] }> {
  const asked = (suggestionLangs as readonly string[]).includes(input.lang)
    ? (input.lang as SuggestionLang)
    : null;
  const lang = asked ?? 'fi';
  if (!hasSearchableWords(input.q)) return { lang, fallback: asked === null, results: [] };
  // Guides first; a matching programme keeps one place even when guides could fill them all,
  // so a question naming a programme finds it.
  const inLang = async (l: SuggestionLang) => {
    const [guides, programmes] = await Promise.all([
      guideCards(db, ctx, l, input.q, input.limit),
      programmeCards(db, l, input.q, input.limit),
    ]);
    const shownGuides = guides.slice(0, programmes.length > 0 ? input.limit - 1 : input.limit);
    return [...shownGuides, ...programmes.slice(0, input.limit - shownGuides.length)];
  };
  const results = await inLang(lang);
  if (results.length > 0 || lang === 'fi') return { lang, fallback: asked === null, results };
  const finnish = await inLang('fi');
  return finnish.length > 0
    ? { lang: 'fi', fallback: true, results: finnish }
    : { lang, fallback: false, results };
}

/**
 * A card for a guide (by key) or a programme (by id) of this service, in the language asked
 * (a guide not in that language falls back to Finnish). Unknown, unpublished or inactive → 400.
 */
export async function cardFor(
  db: Db,
  ref: { type: CardType; id: string },
  lang: SuggestionLang,
): Promise<Card & { lang: string }> {
  if (ref.type === 'article') {
    for (const l of lang === 'fi' ? ['fi'] : [lang, 'fi']) {
      const [row] = await selectPublishedByKeys(db, l, [ref.id]);
      if (row) {
        return {
          type: 'article',
          id: row.key,
          title: row.title,
          summary: oneLine(row.summary),
          url: articleUrl(l, row.slug),
          lang: l,
        };
      }
    }
  } else {
    const item = (await catalogueIndex(db)).byId.get(ref.id);
    if (item) {
      return {
        type: 'program',
        id: item.id,
        title: localText(item.name, lang),
        summary: oneLine(`${localText(item.providerName, lang)} – ${localText(item.summary, lang)}`),
        url: programmeUrl(lang, item.id),
        lang,
      };
    }
  }
  throw new AppError(
    'card.unknown',
    400,
    'The card must name a published guide or an active programme of this service',
    {
      type: ref.type,
    },
  );
}
