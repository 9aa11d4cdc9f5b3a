import type { Db } from '../../db/database-types.js';
import { isUniqueViolation } from '../../db/database-errors.js';
import { AppError } from '../../errors.js';
import { recordAudit } from '../../access/audit.js';
import { authorize } from '../../access/policy.js';
import type { RequestContext } from '../../access/request-context.js';
import {
  selectAllArticles,
  selectAllVersions,
  selectArticleByKey,
  selectFeedbackCounts,
  selectFeedbackOf,
  selectSlugOwner,
  selectVersionForUpdate,
  selectVersionsOf,
} from './article-editor.repository.js';
import type {
  EditorArticle,
  EditorArticleListItem,
  EditorVersion,
  SaveVersionInput,
} from './article-editor.schema.js';
import { insertArticle, upsertArticleVersion } from './article.repository.js';
import type { ArticleLang } from '../../shared/languages.js';
import { renderMarkdown } from './markdown.js';
import { HANDBOOK_CATEGORY, LEGAL_CATEGORY } from './article-vocabulary.js';
import { presentVersion } from './article-editor.presenter.js';

/** Languages every guide should have; the list shows which are missing. */
const expectedLangs = ['fi', 'sv', 'en', 'fi-selko'];
/** The statutory pages are in the languages of the UI; plain Finnish is not expected of them. */
const expectedLegalLangs = ['fi', 'sv', 'en'];
/** The staff handbook is written for the counsellors, in Finnish; translations are optional. */
const expectedHandbookLangs = ['fi'];
const langsExpectedOf = (category: string) =>
  category === LEGAL_CATEGORY
    ? expectedLegalLangs
    : category === HANDBOOK_CATEGORY
      ? expectedHandbookLangs
      : expectedLangs;

/** An article by its key; 404 `article.not_found` when there is none. */
export async function findArticle(db: Db, key: string) {
  const article = await selectArticleByKey(db, key);
  if (!article) throw new AppError('article.not_found', 404, 'No such article');
  return article;
}

/** Every article with its language versions, what is missing or out of date, and feedback counts. */
export async function listArticlesForEditor(db: Db, ctx: RequestContext): Promise<EditorArticleListItem[]> {
  authorize(ctx.actor, 'article.edit');
  const [articles, versions, feedback] = await Promise.all([
    selectAllArticles(db),
    selectAllVersions(db),
    selectFeedbackCounts(db),
  ]);
  return articles.map((article) => {
    const own = versions.filter((v) => v.article_id === article.id);
    const finnish = own.find((v) => v.lang === 'fi');
    const counts = feedback.find((f) => f.articleId === article.id);
    return {
      key: article.key,
      category: article.category,
      title: finnish?.title ?? own[0]?.title ?? article.key,
      versions: own.map((v) => {
        const {
          summary: _s,
          bodyMd: _b,
          tags: _t,
          lastReviewed: _l,
          updatedAt: _u,
          ...rest
        } = presentVersion(v, finnish?.content_updated_at);
        return rest;
      }),
      missingLangs: langsExpectedOf(article.category).filter((lang) => !own.some((v) => v.lang === lang)),
      feedback: { helpful: Number(counts?.helpful ?? 0), notHelpful: Number(counts?.notHelpful ?? 0) },
    };
  });
}

export async function getArticleForEditor(db: Db, ctx: RequestContext, key: string): Promise<EditorArticle> {
  authorize(ctx.actor, 'article.edit');
  const article = await findArticle(db, key);
  const versions = await selectVersionsOf(db, article.id);
  const finnish = versions.find((v) => v.lang === 'fi');
  return {
    key: article.key,
    category: article.category,
    relatedKeys: article.related_keys,
    versions: versions.map((v) => presentVersion(v, finnish?.content_updated_at)),
  };
}

export async function createArticle(
  db: Db,
  ctx: RequestContext,
  input: { key: string; category: string; relatedKeys: string[] },
): Promise<EditorArticle> {
  authorize(ctx.actor, 'article.edit');
  await db.transaction().execute(async (trx) => {
    try {
      await insertArticle(trx, input);
    } catch (error) {
      if (isUniqueViolation(error))
        throw new AppError('article.key_taken', 409, 'Another article uses this key', { field: 'key' });
      throw error;
    }
    await recordAudit(trx, ctx, {
      action: 'article.create',
      targetType: 'article',
      targetId: input.key,
      organisationId: null,
    });
  });
  return getArticleForEditor(db, ctx, input.key);
}

/**
 * Saves one language version as a new revision. The editor sends the revision they started
 * from; if someone saved in between, the save is refused with 409 `article.stale` and nothing
 * is overwritten.
 */
export async function saveArticleVersion(
  db: Db,
  ctx: RequestContext,
  key: string,
  lang: ArticleLang,
  input: SaveVersionInput,
): Promise<EditorVersion> {
  const actor = authorize(ctx.actor, 'article.edit');
  await db.transaction().execute(async (trx) => {
    const article = await findArticle(trx, key);
    const current = await selectVersionForUpdate(trx, article.id, lang);
    if ((current?.revision ?? null) !== input.expectedRevision) {
      throw new AppError('article.stale', 409, 'Someone saved this version after you opened it', {
        currentRevision: current?.revision ?? null,
      });
    }
    const slugOwner = await selectSlugOwner(trx, lang, input.slug);
    if (slugOwner && slugOwner.article_id !== article.id) {
      throw new AppError('article.slug_taken', 409, 'Another article in this language uses this slug', {
        field: 'slug',
      });
    }
    const saved = await upsertArticleVersion(trx, {
      articleId: article.id,
      lang,
      slug: input.slug,
      title: input.title,
      summary: input.summary,
      bodyMd: input.bodyMd,
      tags: input.tags,
      status: input.status,
      lastReviewed: input.lastReviewed,
      updatedBy: actor.staffId,
      isSearchable: article.category !== LEGAL_CATEGORY,
    });
    await recordAudit(trx, ctx, {
      action: 'article.save',
      targetType: 'article',
      targetId: `${key}/${lang}`,
      organisationId: null,
      details: { revision: saved.revision, status: saved.status },
    });
  });
  const article = await getArticleForEditor(db, ctx, key);
  const version = article.versions.find((v) => v.lang === lang);
  if (!version) throw new Error('saved version vanished');
  return version;
}

export function previewMarkdown(ctx: RequestContext, bodyMd: string): { html: string } {
  authorize(ctx.actor, 'article.edit');
  return { html: renderMarkdown(bodyMd) };
}

export async function listArticleFeedback(db: Db, ctx: RequestContext, key: string) {
  authorize(ctx.actor, 'article.edit');
  const article = await findArticle(db, key);
  const rows = await selectFeedbackOf(db, article.id);
  return rows.map((row) => ({ ...row, createdAt: row.createdAt.toISOString() }));
}
