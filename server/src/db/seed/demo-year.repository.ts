/** What the demo year reads from the demo seed, and its mark in the audit log. */
import { sql } from 'kysely';
import type { Db } from '../database-types.js';
import { NON_GUIDE_CATEGORIES } from '../../features/articles/article-vocabulary.js';
import type { DemoSelfHelpOutcome } from './demo-year-self-help.js';

/** Whether the audit log has a system entry of this action (the seeds mark their runs there). */
export async function hasSeedMark(db: Db, action: string): Promise<boolean> {
  const row = await db
    .selectFrom('audit_log')
    .select('id')
    .where('action', '=', action)
    .where('actor_type', '=', 'system')
    .executeTakeFirst();
  return !!row;
}

/** Marks a seed's run in the audit log, with what it made. */
export async function insertSeedMark(db: Db, action: string, details: Record<string, unknown>) {
  await db
    .insertInto('audit_log')
    .values({
      actor_type: 'system',
      actor_staff_id: null,
      organisation_id: null,
      action,
      outcome: 'success',
      target_type: null,
      target_id: null,
      details: JSON.stringify(details),
      request_id: null,
      ip: null,
    })
    .execute();
}

/** Every provider's id and slug. */
export function selectProviderSlugs(db: Db) {
  return db.selectFrom('organisations').select(['id', 'slug']).orderBy('slug').execute();
}

/** The active counsellors and provider admins (those who take contacts and bookings). */
export function selectContactStaff(db: Db) {
  return db
    .selectFrom('staff')
    .select(['id', 'email', 'name', 'organisation_id', 'languages', 'expertise'])
    .where('is_active', '=', true)
    .where('role', 'in', ['counsellor', 'org_admin'])
    .orderBy('email')
    .execute();
}

/** Some active programmes with their provider, for the finder's contact requests. */
export function selectSomeProgrammes(db: Db, limit: number) {
  return db
    .selectFrom('programmes as p')
    .innerJoin('organisations as o', 'o.id', 'p.organisation_id')
    .select([
      'p.id',
      sql<string>`coalesce(p.name ->> 'fi', p.name ->> 'en', '')`.as('name'),
      'p.organisation_id',
      'o.slug',
      'o.name_fi',
    ])
    .where('p.is_active', '=', true)
    .orderBy('p.external_id')
    .limit(limit)
    .execute();
}

/** The ids of the guide article versions, Finnish ones first. */
export async function selectArticleVersionIds(db: Db): Promise<string[]> {
  const rows = await db
    .selectFrom('article_versions')
    .innerJoin('articles', 'articles.id', 'article_versions.article_id')
    .select('article_versions.id as id')
    .where('articles.category', 'not in', NON_GUIDE_CATEGORIES)
    .orderBy(sql`article_versions.lang = 'fi'`, 'desc')
    .orderBy('article_versions.slug')
    .execute();
  return rows.map((r) => r.id);
}

/** The ids of the active chat invitation rules. */
export async function selectInvitationRuleIds(db: Db): Promise<string[]> {
  const rows = await db
    .selectFrom('invitation_rules')
    .select('id')
    .where('active', '=', true)
    .orderBy('name')
    .execute();
  return rows.map((r) => r.id);
}

/** The published guides in every language, with what a card shows of them; most read first. */
export function selectPublishedGuides(db: Db) {
  return db
    .selectFrom('article_versions as v')
    .innerJoin('articles as a', 'a.id', 'v.article_id')
    .select(['a.key', 'v.lang', 'v.slug', 'v.title', 'v.summary'])
    .where('v.status', '=', 'published')
    .where('a.category', 'not in', NON_GUIDE_CATEGORIES)
    .orderBy('v.view_count', 'desc')
    .orderBy('a.key')
    .orderBy('v.lang')
    .execute();
}

/** The demo year's widget questions and what became of them. */
export async function insertSelfHelpOutcomes(db: Db, rows: DemoSelfHelpOutcome[]) {
  for (let i = 0; i < rows.length; i += 1000) {
    await db
      .insertInto('self_help_outcomes')
      .values(
        rows.slice(i, i + 1000).map((r) => ({
          created_at: r.createdAt,
          lang: r.lang,
          entry: r.entry,
          guide_key: r.guideKey,
          outcome: r.outcome,
          answered_by: r.answeredBy,
        })),
      )
      .execute();
  }
}
