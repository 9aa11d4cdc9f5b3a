/* The SQL the text searches (programmes, events) start from: query terms → full-text queries. */
import { sql } from 'kysely';

export interface TextTerm {
  position: number;
  word: string;
}

/** The PostgreSQL text search configuration of each language. */
export const textSearchConfig = { fi: 'finnish', sv: 'swedish', en: 'english' } as const;

/**
 * Common table expressions ending in `queries(all_terms, any_term)`: every position must match
 * (all_terms) or any may (any_term); the alternatives of a position match any of them, each by
 * its stem, a stem of four letters or more also as a prefix. Follow with `, hits as (…)`.
 */
export function termQueries(terms: TextTerm[], lang: keyof typeof textSearchConfig) {
  return sql`
    alts as (
      select * from unnest(${terms.map((t) => t.position)}::int[], ${terms.map((t) => t.word)}::text[]) as a(pos, word)
    ),
    lexemes as (
      select a.pos, l.lexeme || case when length(l.lexeme) >= 4 then ':*' else '' end as item
      from alts a, lateral unnest(to_tsvector(${textSearchConfig[lang]}::regconfig, a.word)) as l
    ),
    per_term as (select pos, '(' || string_agg(distinct item, ' | ') || ')' as q from lexemes group by pos),
    queries as (
      select
        (select to_tsquery('simple', string_agg(q, ' & ')) from per_term) as all_terms,
        (select to_tsquery('simple', string_agg(q, ' | ')) from per_term) as any_term
    )`;
}
