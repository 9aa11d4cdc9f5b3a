/** The reports' queries over self-help: widget outcomes, chats started on a guide, cards sent. */
import { sql } from 'kysely';
import type { Db } from '../../db/database-types.js';
import { dayBounds } from './report-contacts.repository.js';

/** Widget questions of some Helsinki days by entry point and outcome (service-wide: no person, no provider). */
export async function selectOutcomesByEntry(db: Db, from: string, to: string) {
  const { start, end } = dayBounds(from, to);
  const { rows } = await sql<{ entry: string; outcome: string; n: string | number }>`
    select entry, outcome, count(*) as n
    from self_help_outcomes
    where created_at >= ${start} and created_at < ${end}
    group by entry, outcome`.execute(db);
  return rows;
}

/**
 * Conversations of some days started on a guide's page, per guide, most first; limited to a
 * provider's contacts and to one counsellor's when asked.
 */
export async function selectChatsAfterGuide(
  db: Db,
  filter: { from: string; to: string; provider: string | null; staff?: string | undefined },
  limit: number,
) {
  const { start, end } = dayBounds(filter.from, filter.to);
  const { rows } = await sql<{ key: string; n: string | number }>`
    select c.entry_guide_key as key, count(*) as n
    from conversations c
    where c.created_at >= ${start} and c.created_at < ${end}
      and c.entry_guide_key is not null
      ${filter.provider ? sql`and c.organisation_id = ${filter.provider}` : sql``}
      ${filter.staff ? sql`and c.assigned_staff_id = ${filter.staff}` : sql``}
    group by c.entry_guide_key
    order by count(*) desc, c.entry_guide_key
    limit ${limit}`.execute(db);
  return rows;
}

/**
 * Cards counsellors sent on some days, per counsellor and their provider; limited to a provider's
 * counsellors and to one counsellor when asked.
 */
export async function selectCardsByStaff(
  db: Db,
  filter: { from: string; to: string; provider: string | null; staff?: string | undefined },
) {
  const { start, end } = dayBounds(filter.from, filter.to);
  const { rows } = await sql<{ staff_id: string; organisation_id: string | null; n: string | number }>`
    select m.author_staff_id as staff_id, s.organisation_id, count(*) as n
    from messages m
      join staff s on s.id = m.author_staff_id
    where m.created_at >= ${start} and m.created_at < ${end}
      and m.kind = 'message' and m.author_type = 'staff'
      and (m.details -> 'card') is not null
      ${filter.provider ? sql`and s.organisation_id = ${filter.provider}` : sql``}
      ${filter.staff ? sql`and m.author_staff_id = ${filter.staff}` : sql``}
    group by m.author_staff_id, s.organisation_id`.execute(db);
  return rows;
}

/** Guides' titles by key in one language (published versions), for naming the guides a report lists. */
export async function selectGuideTitles(db: Db, keys: string[], lang: string) {
  if (keys.length === 0) return [];
  return db
    .selectFrom('article_versions')
    .innerJoin('articles', 'articles.id', 'article_versions.article_id')
    .select(['articles.key as key', 'article_versions.lang as lang', 'article_versions.title as title'])
    .where('articles.key', 'in', keys)
    .where('article_versions.status', '=', 'published')
    .where('article_versions.lang', 'in', [lang, 'fi'])
    .execute();
}
