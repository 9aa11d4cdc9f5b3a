import { sql } from 'kysely';
import type { Db } from '../../db/database-types.js';

export interface TermAlternatives {
  /** Position of the query term: every position must match (AND), alternatives within one OR. */
  position: number;
  word: string;
  /** Try the vocabulary for typos and compound parts (the typed word itself, not synonyms). */
  fuzzy: boolean;
}

export interface ArticleHit {
  id: string;
  key: string;
  lang: string;
  slug: string;
  title: string;
  snippet: string;
  score: number;
}

export const MARK_START = '\u0001';
export const MARK_END = '\u0002';

/**
 * Full-text search over published article versions of one language. Each query term becomes
 * an OR of: its own stem as a prefix, the stems of its alternatives (synonyms, gradation
 * variants), and the stems of corpus words it resembles (trigram similarity for typos,
 * containment for parts of compounds). Terms are ANDed; if that finds nothing, ORed.
 */
export async function searchArticleVersions(
  db: Db,
  options: { lang: string; config: string; terms: TermAlternatives[]; limit: number },
): Promise<ArticleHit[]> {
  const { lang, config, terms, limit } = options;
  if (terms.length === 0) return [];
  const positions = terms.map((t) => t.position);
  const words = terms.map((t) => t.word);
  const fuzzy = terms.map((t) => t.fuzzy);
  const headlineOptions = `StartSel=${MARK_START}, StopSel=${MARK_END}, MaxWords=28, MinWords=12, MaxFragments=1, ShortWord=2`;

  const result = await sql<ArticleHit>`
    with alts as (
      select * from unnest(${positions}::int[], ${words}::text[], ${fuzzy}::bool[]) as a(pos, word, fuzzy)
    ),
    lexemes as (
      -- the word's own stem, as a prefix so that other endings match too
      select a.pos, l.lexeme || case when length(l.lexeme) >= 4 then ':*' else '' end as item
      from alts a, lateral unnest(to_tsvector(${config}::regconfig, a.word)) as l
      union
      -- corpus words it may mean: one-letter typos, or a compound that contains it
      select a.pos, quote_literal(v.lexeme)
      from alts a
      join search_vocabulary v on v.lang = ${lang}
      where a.fuzzy and length(a.word) >= 4 and (
        (v.word % a.word and similarity(v.word, a.word) >= 0.42)
        or (length(a.word) >= 5 and v.word like '%' || a.word || '%')
      )
    ),
    per_term as (
      select pos, '(' || string_agg(item, ' | ') || ')' as q from lexemes group by pos
    ),
    queries as (
      select
        (select to_tsquery('simple', string_agg(q, ' & ')) from per_term) as all_terms,
        (select to_tsquery('simple', string_agg(q, ' | ')) from per_term) as any_term
    ),
    hits as (
      select v.*, q.all_terms as query, 1.0 as weight
      from article_versions v, queries q
      -- terms without any stem (stop words such as "ja") are left out of the AND
      where v.lang = ${lang} and v.status = 'published' and q.all_terms is not null
        and v.search_vector @@ q.all_terms
    ),
    fallback as (
      select v.*, q.any_term as query, 0.5 as weight
      from article_versions v, queries q
      where not exists (select 1 from hits) and v.lang = ${lang} and v.status = 'published'
        and q.any_term is not null and v.search_vector @@ q.any_term
    ),
    found as (select * from hits union all select * from fallback),
    -- rank first, then build snippets for the few rows shown: ts_headline is the costly part
    best as (
      select f.id, f.article_id, f.lang, f.slug, f.title, f.summary, f.body_text, f.query,
        (ts_rank_cd(f.search_vector, f.query, 1) * f.weight + ln(1 + f.view_count) * 0.001)::float8 as score
      from found f
      order by score desc, f.title
      limit ${limit}
    )
    select b.id, a.key, b.lang, b.slug, b.title, b.score,
      ts_headline(${config}::regconfig, b.summary || ' ' || b.body_text, b.query, ${headlineOptions}) as snippet
    from best b
    join articles a on a.id = b.article_id
    order by b.score desc, b.title`.execute(db);
  return result.rows;
}
