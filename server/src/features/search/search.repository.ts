import { sql } from 'kysely';
import type { Db } from '../../db/database-types.js';
import { HANDBOOK_CATEGORY, NON_GUIDE_CATEGORIES } from '../articles/article-vocabulary.js';

/** What a search looks in: the public guides, or the staff handbook (console only). */
export type SearchScope = 'guides' | 'handbook';

export interface ArticleHit {
  id: string;
  key: string;
  lang: string;
  slug: string;
  title: string;
  summary: string;
  /** ts_headline's passage; empty when snippets were not asked for. */
  snippet: string;
  score: number;
}

/**
 * ts_headline's highlight markers, turned into <mark> after HTML escaping. The text fed to it
 * has these characters replaced by spaces first, so an article cannot forge a highlight.
 */
export const MARK_START = '\u0001';
export const MARK_END = '\u0002';

/**
 * How many matching versions get the full ranking. ts_rank_cd over the whole vector costs tens
 * of microseconds a row when a query term is common (its cover search is quadratic in the
 * matched positions), so all matches are first ordered by a cheap score over the small
 * title/tags/summary vector and only this many of the best are ranked in full.
 */
export const RANK_CANDIDATES = 100;

export interface LexemeItem {
  lexeme: string;
  /** True when the item matches every lexeme that starts with this one. */
  prefix: boolean;
  /** The item in tsquery syntax. */
  item: string;
}

/**
 * The tsquery items of each query word ('simple' configuration): its own stem as a prefix, so
 * that other endings match too, and, when fuzzy, the stems of corpus words it may mean (trigram
 * similarity for one-letter typos, containment for parts of compounds). Returns one list per
 * word, in the order given; a stop word has none.
 */
export async function lexemeItems(
  db: Db,
  options: { lang: string; config: string; words: { word: string; fuzzy: boolean }[] },
): Promise<LexemeItem[][]> {
  const { lang, config, words } = options;
  if (words.length === 0) return [];
  const indexes = words.map((_, i) => i);
  // The two vocabulary look-ups are separate selects so that each can use the trigram index.
  const result = await sql<LexemeItem & { i: number }>`
    with w as (
      select * from unnest(${indexes}::int[], ${words.map((w) => w.word)}::text[],
        ${words.map((w) => w.fuzzy)}::bool[]) as w(i, word, fuzzy)
    )
    select w.i, l.lexeme, length(l.lexeme) >= 4 as prefix,
      l.lexeme || case when length(l.lexeme) >= 4 then ':*' else '' end as item
    from w, lateral unnest(to_tsvector(${config}::regconfig, w.word)) as l
    union
    select w.i, v.lexeme, false, quote_literal(v.lexeme)
    from w, lateral (
      select s.lexeme from search_vocabulary s
      where s.lang = ${lang} and s.word % w.word and similarity(s.word, w.word) >= 0.42
      union
      select s.lexeme from search_vocabulary s
      where s.lang = ${lang} and length(w.word) >= 5 and s.word like '%' || w.word || '%'
    ) as v
    where w.fuzzy and length(w.word) >= 4`.execute(db);
  const items: LexemeItem[][] = words.map(() => []);
  for (const { i, lexeme, prefix, item } of result.rows) items[i]?.push({ lexeme, prefix, item });
  return items;
}

/**
 * Full-text search over published article versions of one language for a tsquery in the
 * 'simple' configuration (stems already expanded):
 *  1. matches: through the GIN index on the full vector, which answers without reading the
 *     (toasted) vectors themselves;
 *  2. candidates: the `candidates` best matches by ts_rank over search_head (title, tags and
 *     summary) for anyQuery, so that a title with only some of the terms still counts;
 *  3. rank: ts_rank_cd over the full vector for the candidates only;
 *  4. ts_headline, the costly part, only for the rows returned.
 */
export async function searchArticleVersions(
  db: Db,
  options: {
    lang: string;
    config: string;
    query: string;
    anyQuery: string;
    /** Multiplies the rank: below 1 for the OR fallback. */
    weight: number;
    limit: number;
    candidates?: number;
    /** False: no highlighted passage (the costly part), only the summary. */
    snippets?: boolean;
    /** The public guides (default), or the staff handbook. */
    scope?: SearchScope;
  },
): Promise<ArticleHit[]> {
  const { lang, config, query, anyQuery, weight, limit } = options;
  const candidates = Math.max(limit, options.candidates ?? RANK_CANDIDATES);
  const headlineOptions = `StartSel=${MARK_START}, StopSel=${MARK_END}, MaxWords=28, MinWords=12, MaxFragments=1, ShortWord=2`;
  const tsquery = sql`to_tsquery('simple', ${query})`;

  const statement = sql<ArticleHit>`
    with matches as materialized (
      select v.id, v.article_id, v.lang, v.status, v.search_head, v.view_count
      from article_versions v
      where v.search_vector @@ ${tsquery}
    ),
    candidates as (
      select m.id
      from matches m, to_tsquery('simple', ${anyQuery}) aq
      where m.lang = ${lang} and m.status = 'published'
        and ${
          options.scope === 'handbook'
            ? sql`exists (select 1 from articles a where a.id = m.article_id and a.category = ${HANDBOOK_CATEGORY})`
            : // The statutory pages and the staff handbook are no guides: never a public hit,
              // a suggestion or a card.
              sql`not exists (select 1 from articles a where a.id = m.article_id
                and a.category = any(${NON_GUIDE_CATEGORIES}::text[]))`
        }
      order by ts_rank(m.search_head, aq, 1) desc, m.view_count desc, m.id
      limit ${candidates}
    ),
    best as (
      select v.id, v.article_id, v.lang, v.slug, v.title, v.summary, v.body_text,
        (ts_rank_cd(v.search_vector, ${tsquery}, 1) * ${weight}::float8
          + ln(1 + v.view_count) * 0.001)::float8 as score
      from candidates c
      join article_versions v on v.id = c.id
      order by score desc, v.title
      limit ${limit}
    )
    select b.id, a.key, b.lang, b.slug, b.title, b.summary, b.score,
      ${
        options.snippets === false
          ? sql`''`
          : sql`ts_headline(${config}::regconfig,
              translate(b.summary || ' ' || b.body_text, ${MARK_START + MARK_END}, '  '),
              ${tsquery}, ${headlineOptions})`
      } as snippet
    from best b
    join articles a on a.id = b.article_id
    order by b.score desc, b.title`;
  // When a term is common, the planner expects most rows to match and prefers a sequential
  // scan, not knowing that it must then read and test every toasted vector: several times
  // slower than the index. The matches CTE has no other condition, so this leaves it the index.
  return db.transaction().execute(async (trx) => {
    await sql`set local enable_seqscan = off`.execute(trx);
    return (await statement.execute(trx)).rows;
  });
}
