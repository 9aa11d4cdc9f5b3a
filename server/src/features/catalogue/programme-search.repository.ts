import { sql } from 'kysely';
import type { Db } from '../../db/database-types.js';
import type { CatalogueLang } from './catalogue-vocabulary.js';
import { termQueries, type TextTerm } from '../../shared/search/text-query.repository.js';

const column = { fi: sql.ref('search_fi'), sv: sql.ref('search_sv'), en: sql.ref('search_en') } as const;
const nameColumn = {
  fi: sql.ref('search_name_fi'),
  sv: sql.ref('search_name_sv'),
  en: sql.ref('search_name_en'),
} as const;

/**
 * Active programmes whose text matches every query term (each term: its stem as a prefix, or
 * one of its alternatives); when none do, those matching any term. Ranked by where they
 * match: in the name first, then anywhere in the text (ties stay in name order). Ranking by
 * ts_rank over every hit cost 30 ms for 2,000 hits; the name test costs a few.
 */
export async function searchProgrammeText(
  db: Db,
  lang: CatalogueLang,
  terms: TextTerm[],
): Promise<{ id: string; rank: number }[]> {
  if (terms.length === 0) return [];
  const vector = column[lang];
  const names = nameColumn[lang];
  const result = await sql<{ id: string; rank: number }>`
    with ${termQueries(terms, lang)},
    hits as (
      select p.id, (case when ${names} @@ q.all_terms then 1.0 else 0.1 end)::float8 as rank
      from programmes p, queries q
      where p.is_active and q.all_terms is not null and ${vector} @@ q.all_terms
    )
    select * from hits
    union all
    select p.id, (case when ${names} @@ q.any_term then 0.05 else 0.01 end)::float8
    from programmes p, queries q
    where not exists (select 1 from hits) and p.is_active and q.any_term is not null and ${vector} @@ q.any_term`.execute(
    db,
  );
  return result.rows;
}
