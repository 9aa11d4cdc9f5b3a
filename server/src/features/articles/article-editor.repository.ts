import { sql } from 'kysely';
import type { Db } from '../../db/database-types.js';

export function selectArticleByKey(db: Db, key: string) {
  return db.selectFrom('articles').selectAll().where('key', '=', key).executeTakeFirst();
}

export function selectAllArticles(db: Db) {
  return db.selectFrom('articles').selectAll().orderBy('key').execute();
}

export function selectAllVersions(db: Db) {
  return db
    .selectFrom('article_versions')
    .select([
      'id',
      'article_id',
      'lang',
      'slug',
      'title',
      'summary',
      'body_md',
      'tags',
      'status',
      'last_reviewed',
      'revision',
      'content_updated_at',
      'updated_at',
    ])
    .orderBy('lang')
    .execute();
}

export function selectVersionsOf(db: Db, articleId: string) {
  return db
    .selectFrom('article_versions')
    .selectAll()
    .where('article_id', '=', articleId)
    .orderBy('lang')
    .execute();
}

/** The version row, locked until the transaction ends: the stale-edit check must not race. */
export function selectVersionForUpdate(db: Db, articleId: string, lang: string) {
  return db
    .selectFrom('article_versions')
    .select(['id', 'revision'])
    .where('article_id', '=', articleId)
    .where('lang', '=', lang)
    .forUpdate()
    .executeTakeFirst();
}

export function selectSlugOwner(db: Db, lang: string, slug: string) {
  return db
    .selectFrom('article_versions')
    .select('article_id')
    .where('lang', '=', lang)
    .where('slug', '=', slug)
    .executeTakeFirst();
}

/** The revisions of one language version, each with the name of who saved it. */
function revisionsOf(db: Db, versionId: string) {
  return db
    .selectFrom('article_revisions')
    .leftJoin('staff', 'staff.id', 'article_revisions.created_by')
    .selectAll('article_revisions')
    .select('staff.name as created_by_name')
    .where('article_version_id', '=', versionId);
}

export function selectRevisions(db: Db, versionId: string) {
  return revisionsOf(db, versionId).orderBy('revision', 'desc').execute();
}

export function selectRevision(db: Db, versionId: string, revision: number) {
  return revisionsOf(db, versionId).where('revision', '=', revision).executeTakeFirst();
}

/** Readers' feedback with the language version it was given on. */
function feedbackWithVersion(db: Db) {
  return db
    .selectFrom('article_feedback')
    .innerJoin('article_versions', 'article_versions.id', 'article_feedback.article_version_id');
}

export function selectFeedbackCounts(db: Db) {
  return feedbackWithVersion(db)
    .select([
      'article_versions.article_id as articleId',
      sql<number>`count(*) filter (where is_helpful)`.as('helpful'),
      sql<number>`count(*) filter (where not is_helpful)`.as('notHelpful'),
    ])
    .groupBy('article_versions.article_id')
    .execute();
}

export function selectFeedbackOf(db: Db, articleId: string) {
  return feedbackWithVersion(db)
    .select([
      'article_versions.lang as lang',
      'article_feedback.is_helpful as helpful',
      'article_feedback.comment as comment',
      'article_feedback.created_at as createdAt',
    ])
    .where('article_versions.article_id', '=', articleId)
    .orderBy('article_feedback.created_at', 'desc')
    .limit(200)
    .execute();
}
