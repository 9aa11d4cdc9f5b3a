import type { Db } from '../../db/database-types.js';
import { AppError } from '../../errors.js';
import type { RequestContext } from '../../access/request-context.js';
import { articleUrl } from '../../shared/urls/article-urls.js';
import { articleCategories } from './article-vocabulary.js';
import { rtlLangs, type ArticleLang } from '../../shared/languages.js';
import {
  incrementViews,
  insertFeedback,
  selectPublishedByKeys,
  selectPublishedSiblings,
  selectPublishedSummaries,
  selectPublishedVersion,
} from './article-read.repository.js';
import type { ArticlePageView, ArticleSummaryView, GuideIndexView } from './article.schema.js';

type SummaryRow = {
  key: string;
  category: string;
  lang: string;
  slug: string;
  title: string;
  summary: string;
};

const presentSummary = (row: SummaryRow): ArticleSummaryView => ({
  key: row.key,
  lang: row.lang,
  slug: row.slug,
  title: row.title,
  summary: row.summary,
  category: row.category,
  url: articleUrl(row.lang, row.slug),
});

/** The guide index of one language: published articles by category, and the most read. */
export async function getGuideIndex(
  db: Db,
  _ctx: RequestContext,
  lang: ArticleLang,
): Promise<GuideIndexView> {
  const rows = await selectPublishedSummaries(db, lang);
  const categories = articleCategories
    .map((key) => ({ key, articles: rows.filter((row) => row.category === key).map(presentSummary) }))
    .filter((category) => category.articles.length > 0);
  const mostRead = [...rows]
    .filter((row) => row.viewCount > 0)
    .sort((a, b) => b.viewCount - a.viewCount)
    .slice(0, 5)
    .map(presentSummary);
  return { lang, categories, mostRead };
}

/** One published article for its page; counts the view. */
export async function readArticle(
  db: Db,
  _ctx: RequestContext,
  lang: ArticleLang,
  slug: string,
): Promise<ArticlePageView> {
  const version = await selectPublishedVersion(db, lang, slug);
  if (!version) throw new AppError('article.not_found', 404, 'No such article');
  const [siblings, related] = await Promise.all([
    selectPublishedSiblings(db, version.article_id),
    selectPublishedByKeys(db, lang, version.relatedKeys),
  ]);
  await incrementViews(db, version.id);
  return {
    key: version.key,
    lang: version.lang,
    slug: version.slug,
    title: version.title,
    summary: version.summary,
    html: version.body_html,
    category: version.category,
    tags: version.tags,
    lastReviewed: version.last_reviewed ? version.last_reviewed.toISOString().slice(0, 10) : null,
    dir: rtlLangs.includes(lang) ? 'rtl' : 'ltr',
    translations: siblings
      .filter((sibling) => sibling.lang !== lang)
      .map((sibling) => ({ ...sibling, url: articleUrl(sibling.lang, sibling.slug) })),
    related: related.map(presentSummary),
  };
}

/** Stores "was this helpful?" for a published article; anyone may answer, anonymously. */
export async function giveArticleFeedback(
  db: Db,
  _ctx: RequestContext,
  lang: ArticleLang,
  slug: string,
  feedback: { helpful: boolean; comment?: string | undefined },
): Promise<void> {
  const version = await selectPublishedVersion(db, lang, slug);
  if (!version) throw new AppError('article.not_found', 404, 'No such article');
  await insertFeedback(db, {
    versionId: version.id,
    isHelpful: feedback.helpful,
    comment: feedback.comment ?? null,
  });
}
