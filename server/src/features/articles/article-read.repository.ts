import { sql } from 'kysely';
import type { Db } from '../../db/database-types.js';

const summaryColumns = [
  'articles.key as key',
  'articles.category as category',
  'article_versions.lang as lang',
  'article_versions.slug as slug',
  'article_versions.title as title',
  'article_versions.summary as summary',
] as const;

export function selectPublishedSummaries(db: Db, lang: string) {
  return db
    .selectFrom('article_versions')
    .innerJoin('articles', 'articles.id', 'article_versions.article_id')
    .select([...summaryColumns, 'article_versions.view_count as viewCount'])
    .where('article_versions.lang', '=', lang)
    .where('article_versions.status', '=', 'published')
    .orderBy('article_versions.title')
    .execute();
}

export function selectPublishedVersion(db: Db, lang: string, slug: string) {
  return db
    .selectFrom('article_versions')
    .innerJoin('articles', 'articles.id', 'article_versions.article_id')
    .selectAll('article_versions')
    .select(['articles.key as key', 'articles.category as category', 'articles.related_keys as relatedKeys'])
    .where('article_versions.lang', '=', lang)
    .where('article_versions.slug', '=', slug)
    .where('article_versions.status', '=', 'published')
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

export function selectPublishedByKeys(db: Db, lang: string, keys: string[]) {
  if (keys.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('article_versions')
    .innerJoin('articles', 'articles.id', 'article_versions.article_id')
    .select(summaryColumns)
    .where('article_versions.lang', '=', lang)
    .where('article_versions.status', '=', 'published')
    .where('articles.key', 'in', keys)
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
