import type { Db } from '../../db/database-types.js';
import {
  analyzeArticleSearch,
  countArticles,
  insertArticle,
  upsertArticleVersion,
} from './article.repository.js';
import { loadArticleFiles, type ArticleFile } from './content-loader.js';
import { selectArticleByKey } from './article-editor.repository.js';
import { LEGAL_CATEGORY } from './article-vocabulary.js';

/**
 * Loads the self-help articles from content/articles into a database that has none yet.
 * All or nothing: one transaction, so a failing file leaves no half-loaded guide.
 */
export async function seedArticles(db: Db, contentDir: string): Promise<{ seeded: number }> {
  if ((await countArticles(db)) > 0) return { seeded: 0 };
  const files = await loadArticleFiles(contentDir);
  const result = await db.transaction().execute(async (trx) => {
    if ((await countArticles(trx)) > 0) return { seeded: 0 };
    const idByKey = new Map<string, string>();
    for (const file of files) {
      let articleId = idByKey.get(file.key);
      if (!articleId) {
        // Category and related articles come from the Finnish version when there is one.
        const primary = files.find((f) => f.key === file.key && f.lang === 'fi') ?? file;
        articleId = await insertArticle(trx, {
          key: file.key,
          category: primary.category,
          relatedKeys: primary.related,
        });
        idByKey.set(file.key, articleId);
      }
      await upsertArticleVersion(trx, versionOf(articleId, file));
    }
    return { seeded: files.length };
  });
  // Fresh statistics, so that the planner uses the search indexes from the first query on.
  await analyzeArticleSearch(db);
  return result;
}

const versionOf = (articleId: string, file: ArticleFile) => ({
  articleId,
  lang: file.lang,
  slug: file.slug,
  title: file.title,
  summary: file.summary,
  bodyMd: file.body,
  tags: file.tags,
  status: file.status,
  lastReviewed: file.lastReviewed,
  updatedBy: null,
  isSearchable: file.category !== LEGAL_CATEGORY,
});

/**
 * Adds the privacy notice and the accessibility statement from content/articles to a database
 * that has its guides but not these pages (an installation from before they existed). A page
 * already there is never touched: from then on it is the editors'.
 */
export async function seedMissingLegalPages(db: Db, contentDir: string): Promise<{ seeded: number }> {
  const files = (await loadArticleFiles(contentDir)).filter((f) => f.category === LEGAL_CATEGORY);
  return db.transaction().execute(async (trx) => {
    let seeded = 0;
    for (const key of new Set(files.map((f) => f.key))) {
      if (await selectArticleByKey(trx, key)) continue;
      const articleId = await insertArticle(trx, { key, category: LEGAL_CATEGORY, relatedKeys: [] });
      for (const file of files.filter((f) => f.key === key)) {
        await upsertArticleVersion(trx, versionOf(articleId, file));
        seeded += 1;
      }
    }
    return { seeded };
  });
}
