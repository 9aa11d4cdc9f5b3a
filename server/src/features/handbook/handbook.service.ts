import type { RequestContext } from '../../access/request-context.js';
import { authorize } from '../../access/policy.js';
import type { Db } from '../../db/database-types.js';
import { AppError } from '../../errors.js';
import type { ArticleLang } from '../../shared/languages.js';
import { isoDate } from '../articles/article-editor.presenter.js';
import { findArticles, presentSnippet } from '../search/search.service.js';
import { recordHandbookRead } from '../training/training.repository.js';
import { selectHandbookSummaries, selectHandbookVersion } from './handbook.repository.js';
import type { HandbookArticle, HandbookList, HandbookQuery } from './handbook.schema.js';

/**
 * The staff handbook of one language: every article by title, or those matching `q` best
 * first (the guides' search, limited to the handbook). Any signed-in staff member.
 */
export async function listHandbook(db: Db, ctx: RequestContext, query: HandbookQuery): Promise<HandbookList> {
  authorize(ctx.actor, 'console.use');
  const q = query.q ?? '';
  if (!q) {
    const rows = await selectHandbookSummaries(db, query.lang, query.limit);
    return { items: rows.map((row) => ({ ...row, snippet: '' })) };
  }
  const hits = await findArticles(db, { q, lang: query.lang, limit: query.limit }, true, 'handbook');
  return {
    items: hits.map((hit) => ({
      key: hit.key,
      lang: hit.lang,
      slug: hit.slug,
      title: hit.title,
      summary: hit.summary,
      snippet: presentSnippet(hit.snippet),
    })),
  };
}

/** One handbook article; 404 `handbook.not_found` for anything else (a public guide too). */
export async function readHandbookArticle(
  db: Db,
  ctx: RequestContext,
  lang: ArticleLang,
  slug: string,
): Promise<HandbookArticle> {
  const actor = authorize(ctx.actor, 'console.use');
  const row = await selectHandbookVersion(db, lang, slug);
  if (!row) throw new AppError('handbook.not_found', 404, 'No such handbook article');
  // For the onboarding checklist: which articles this person has opened.
  await recordHandbookRead(db, actor.staffId, row.key);
  return {
    ...row,
    lastReviewed: isoDate(row.lastReviewed),
    updatedAt: new Date(row.updatedAt).toISOString(),
  };
}
