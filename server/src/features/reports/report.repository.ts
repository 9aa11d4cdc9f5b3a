/** The reports' look-ups outside the contacts: names, events, staff, article ratings. */
import { sql } from 'kysely';
import type { Db } from '../../db/database-types.js';
import { dayBounds } from './report-contacts.repository.js';

/** A staff member's provider (undefined: no such staff member). */
export function selectStaffOrganisation(db: Db, staffId: string) {
  return db.selectFrom('staff').select('organisation_id').where('id', '=', staffId).executeTakeFirst();
}

/** The ids of a provider's staff. */
export async function selectStaffIdsOf(db: Db, organisationId: string | null): Promise<string[]> {
  const rows = await db
    .selectFrom('staff')
    .select('id')
    .where('organisation_id', '=', organisationId)
    .execute();
  return rows.map((s) => s.id);
}

/** Providers' Finnish names by id. */
export function selectOrganisationNames(db: Db, ids: string[]) {
  return db.selectFrom('organisations').select(['id', 'name_fi as name']).where('id', 'in', ids).execute();
}

/** Staff members' names by id. */
export function selectStaffNames(db: Db, ids: string[]) {
  return db.selectFrom('staff').select(['id', 'name']).where('id', 'in', ids).execute();
}

/** Events by id: title and start. */
export function selectEventsByIds(db: Db, ids: string[]) {
  return db
    .selectFrom('events')
    .select(['id', 'title', 'starts_at', 'organisation_id'])
    .where('id', 'in', ids)
    .execute();
}

/**
 * Helpfulness ratings given on some Helsinki days (both inclusive) per article version, the
 * most rated first, at most `limit`.
 */
export async function selectArticleRatings(db: Db, from: string, to: string, limit: number) {
  const { start, end } = dayBounds(from, to);
  const { rows } = await sql<{ key: string; lang: string; title: string; yes: string; no: string }>`
    select a.key, v.lang, v.title,
      count(*) filter (where f.is_helpful) as yes,
      count(*) filter (where not f.is_helpful) as no
    from article_feedback f
      join article_versions v on v.id = f.article_version_id
      join articles a on a.id = v.article_id
    where f.created_at >= ${start} and f.created_at < ${end}
    group by a.key, v.lang, v.title
    order by count(*) desc, a.key, v.lang
    limit ${limit}`.execute(db);
  return rows;
}
