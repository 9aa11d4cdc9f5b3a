import type { Db } from '../../db/database-types.js';
import { HANDBOOK_CATEGORY } from '../articles/article-vocabulary.js';

/** Published handbook versions of one language, with what a list shows of them. */
function publishedHandbook(db: Db, lang: string) {
  return db
    .selectFrom('article_versions')
    .innerJoin('articles', 'articles.id', 'article_versions.article_id')
    .select([
      'articles.key as key',
      'article_versions.lang as lang',
      'article_versions.slug as slug',
      'article_versions.title as title',
      'article_versions.summary as summary',
    ])
    .where('articles.category', '=', HANDBOOK_CATEGORY)
    .where('article_versions.lang', '=', lang)
    .where('article_versions.status', '=', 'published');
}

/** The first `limit` published handbook articles of one language, by title. */
export function selectHandbookSummaries(db: Db, lang: string, limit: number) {
  return publishedHandbook(db, lang).orderBy('article_versions.title').limit(limit).execute();
}

/** One published handbook article by its language and slug. */
export function selectHandbookVersion(db: Db, lang: string, slug: string) {
  return publishedHandbook(db, lang)
    .select([
      'article_versions.body_html as html',
      'article_versions.last_reviewed as lastReviewed',
      'article_versions.content_updated_at as updatedAt',
    ])
    .where('article_versions.slug', '=', slug)
    .executeTakeFirst();
}
