import { sql } from 'kysely';
import type { Db } from '../../db/database-types.js';
import { NON_GUIDE_CATEGORIES } from '../articles/article-vocabulary.js';

/** The editors' insight queries: the search log, closed conversations' topics, cards sent. */

type Count = string | number;

/** Searches per week and language: all, with no results, and with results nobody opened. */
export async function selectSearchWeeks(db: Db, since: Date) {
  const { rows } = await sql<{ week: string; lang: string; searches: Count; empty: Count; unopened: Count }>`
    select to_char(date_trunc('week', created_at at time zone 'Europe/Helsinki'), 'YYYY-MM-DD') as week,
      lang, count(*) as searches,
      count(*) filter (where results = 0) as empty,
      count(*) filter (where results > 0 and clicked is null) as unopened
    from search_queries
    where created_at >= ${since}
    group by 1, 2
    order by 1, 2`.execute(db);
  return rows;
}

/** The most frequent queries that found nothing, or whose results nobody opened. */
export async function selectTopQueries(db: Db, since: Date, kind: 'empty' | 'unopened', limit: number) {
  const { rows } = await sql<{ query: string; lang: string; n: Count; last: Date }>`
    select query, lang, count(*) as n, max(created_at) as last
    from search_queries
    where created_at >= ${since}
      and ${kind === 'empty' ? sql`results = 0` : sql`results > 0 and clicked is null`}
    group by query, lang
    order by n desc, last desc
    limit ${limit}`.execute(db);
  return rows;
}

/** What visitors opened from searches and suggestions most, and what answered their questions. */
export async function selectOpened(db: Db, since: Date, limit: number) {
  const { rows } = await sql<{ ref: string; n: Count }>`
    select clicked as ref, count(*) as n from search_queries
    where created_at >= ${since} and clicked is not null
    group by clicked order by n desc, clicked limit ${limit}`.execute(db);
  return rows;
}

export async function selectAnsweredBy(db: Db, since: Date, limit: number) {
  const { rows } = await sql<{ ref: string; n: Count }>`
    select answered_by as ref, count(*) as n from self_help_outcomes
    where created_at >= ${since} and outcome = 'answered' and answered_by is not null
    group by answered_by order by n desc, answered_by limit ${limit}`.execute(db);
  return rows;
}

/** Closed conversations per topic, every channel. */
export async function selectClosedTopics(db: Db, since: Date) {
  const { rows } = await sql<{ topic: string; n: Count }>`
    select topic, count(*) as n from conversations
    where status = 'closed' and closed_at >= ${since} and topic is not null
    group by topic`.execute(db);
  return rows;
}

/** Published guides per category (any language). */
export async function selectGuidesPerCategory(db: Db) {
  const { rows } = await sql<{ category: string; n: Count }>`
    select a.category, count(distinct a.id) as n
    from articles a join article_versions v on v.article_id = a.id and v.status = 'published'
    where a.category <> all(${NON_GUIDE_CATEGORIES}::text[])
    group by a.category`.execute(db);
  return rows;
}

/** Guides and programmes counsellors sent as cards, most first. */
export async function selectCardsSent(db: Db, since: Date, limit: number) {
  const { rows } = await sql<{ ref: string; title: string; n: Count }>`
    select (m.details -> 'card' ->> 'type') || ':' || (m.details -> 'card' ->> 'id') as ref,
      min(m.details -> 'card' ->> 'title') as title, count(*) as n
    from messages m
    where m.created_at >= ${since} and m.kind = 'message' and m.author_type = 'staff'
      and (m.details -> 'card') is not null
    group by 1 order by n desc, 1 limit ${limit}`.execute(db);
  return rows;
}

/** Readers' "was this helpful?" answers per guide, those with a "no" first. */
export async function selectHelpfulness(db: Db, since: Date, limit: number) {
  const { rows } = await sql<{ key: string; helpful: Count; not_helpful: Count }>`
    select a.key, count(*) filter (where f.is_helpful) as helpful,
      count(*) filter (where not f.is_helpful) as not_helpful
    from article_feedback f
      join article_versions v on v.id = f.article_version_id
      join articles a on a.id = v.article_id
    where f.created_at >= ${since}
    group by a.key
    having count(*) filter (where not f.is_helpful) > 0
    order by not_helpful desc, helpful, a.key
    limit ${limit}`.execute(db);
  return rows;
}

/** Guides read most since they were published, every language together. */
export async function selectMostRead(db: Db, limit: number) {
  const { rows } = await sql<{ key: string; n: Count }>`
    select a.key, sum(v.view_count) as n
    from article_versions v join articles a on a.id = v.article_id
    where v.status = 'published' and a.category <> all(${NON_GUIDE_CATEGORIES}::text[])
    group by a.key
    having sum(v.view_count) > 0
    order by n desc, a.key
    limit ${limit}`.execute(db);
  return rows;
}
