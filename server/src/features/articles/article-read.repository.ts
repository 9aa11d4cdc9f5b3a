import { sql } from 'kysely';
import type { Db } from '../../db/database-types.js';
import { LEGAL_CATEGORY, NON_GUIDE_CATEGORIES } from './article-vocabulary.js';

const summaryColumns = [
  'articles.key as key',
  'articles.category as category',
  'article_versions.lang as lang',
  'article_versions.slug as slug',
  'article_versions.title as title',
  'article_versions.summary as summary',
] as const;

/** The published guides of one language (the statutory pages and the handbook are no guides). */
export function selectPublishedSummaries(db: Db, lang: string) {
  return db
    .selectFrom('article_versions')
    .innerJoin('articles', 'articles.id', 'article_versions.article_id')
    .select([...summaryColumns, 'article_versions.view_count as viewCount'])
    .where('article_versions.lang', '=', lang)
    .where('article_versions.status', '=', 'published')
    .where('articles.category', 'not in', NON_GUIDE_CATEGORIES)
    .orderBy('article_versions.title')
    .execute();
}

/** A published guide by its slug; the statutory pages have addresses of their own, the handbook none. */
export function selectPublishedVersion(db: Db, lang: string, slug: string) {
  return db
    .selectFrom('article_versions')
    .innerJoin('articles', 'articles.id', 'article_versions.article_id')
    .selectAll('article_versions')
    .select(['articles.key as key', 'articles.category as category', 'articles.related_keys as relatedKeys'])
    .where('article_versions.lang', '=', lang)
    .where('article_versions.slug', '=', slug)
    .where('article_versions.status', '=', 'published')
    .where('articles.category', 'not in', NON_GUIDE_CATEGORIES)
    .executeTakeFirst();
}

export function selectPublishedSiblings(db: Db, articleId: string) {
  return db
    .selectFrom('article_versions')
    .select(['lang', 'slug', 'title'])
    .where('article_id', '=', articleId)
    .where('status', '=', 'published')
    .orderBy('lang')
    .execute();
}

/** Published guides by their keys (related guides, cards); never a statutory page. */
export function selectPublishedByKeys(db: Db, lang: string, keys: string[]) {
  if (keys.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('article_versions')
    .innerJoin('articles', 'articles.id', 'article_versions.article_id')
    .select(summaryColumns)
    .where('article_versions.lang', '=', lang)
    .where('article_versions.status', '=', 'published')
    .where('articles.key', 'in', keys)
    .where('articles.category', 'not in', NON_GUIDE_CATEGORIES)
    .execute();
}

/** The published language versions of one statutory page, by its article key. */
export function selectPublishedLegalVersions(db: Db, key: string) {
  return db
    .selectFrom('article_versions')
    .innerJoin('articles', 'articles.id', 'article_versions.article_id')
    .select([
      'article_versions.lang as lang',
      'article_versions.title as title',
      'article_versions.summary as summary',
      'article_versions.body_html as html',
      'article_versions.revision as revision',
      'article_versions.content_updated_at as contentUpdatedAt',
      'article_versions.last_reviewed as lastReviewed',
    ])
    .where('articles.key', '=', key)
    .where('articles.category', '=', LEGAL_CATEGORY)
    .where('article_versions.status', '=', 'published')
    .orderBy('article_versions.lang')
    .execute();
}

export async function incrementViews(db: Db, versionId: string): Promise<void> {
  await db
    .updateTable('article_versions')
    .set({ view_count: sql<number>`view_count + 1` })
    .where('id', '=', versionId)
    .execute();
}

export async function insertFeedback(
  db: Db,
  values: { versionId: string; isHelpful: boolean; comment: string | null },
): Promise<void> {
  await db
    .insertInto('article_feedback')
    .values({ article_version_id: values.versionId, is_helpful: values.isHelpful, comment: values.comment })
    .execute();
}

/** Stores "was this helpful?" answers given before (the demo year), without comments. */
export async function insertFeedbackGiven(
  db: Db,
  rows: { versionId: string; isHelpful: boolean; createdAt: Date }[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000) {
    await db
      .insertInto('article_feedback')
      .values(
        rows.slice(i, i + 1000).map((r) => ({
          article_version_id: r.versionId,
          is_helpful: r.isHelpful,
          comment: null,
          created_at: r.createdAt,
        })),
      )
      .execute();
  }
}
