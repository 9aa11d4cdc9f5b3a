/** An article version's history: its revisions, one of them, and restoring an old one as a new revision. */
import type { Db } from '../../db/database-types.js';
import { AppError } from '../../errors.js';
import { recordAudit } from '../../access/audit.js';
import { authorize } from '../../access/policy.js';
import type { RequestContext } from '../../access/request-context.js';
import type { ArticleLang } from '../../shared/languages.js';
import { presentRevision } from './article-editor.presenter.js';
import { selectRevision, selectRevisions, selectVersionsOf } from './article-editor.repository.js';
import type { EditorVersion } from './article-editor.schema.js';
import { findArticle, saveArticleVersion } from './article-editor.service.js';

async function findVersionId(db: Db, key: string, lang: string): Promise<string> {
  const article = await findArticle(db, key);
  const versions = await selectVersionsOf(db, article.id);
  const version = versions.find((v) => v.lang === lang);
  if (!version) throw new AppError('article.version_not_found', 404, 'No such language version');
  return version.id;
}

export async function listRevisions(db: Db, ctx: RequestContext, key: string, lang: string) {
  authorize(ctx.actor, 'article.edit');
  const rows = await selectRevisions(db, await findVersionId(db, key, lang));
  return rows.map((row) => {
    const {
      slug: _s,
      summary: _su,
      bodyMd: _b,
      tags: _t,
      lastReviewed: _l,
      ...summary
    } = presentRevision(row);
    return summary;
  });
}

export async function getRevision(db: Db, ctx: RequestContext, key: string, lang: string, revision: number) {
  authorize(ctx.actor, 'article.edit');
  const row = await selectRevision(db, await findVersionId(db, key, lang), revision);
  if (!row) throw new AppError('article.revision_not_found', 404, 'No such revision');
  return presentRevision(row);
}

/** Makes an older revision current again, as a new revision (history is never rewritten). */
export async function restoreRevision(
  db: Db,
  ctx: RequestContext,
  key: string,
  lang: ArticleLang,
  revision: number,
  expectedRevision: number,
): Promise<EditorVersion> {
  const old = await getRevision(db, ctx, key, lang, revision);
  const saved = await saveArticleVersion(db, ctx, key, lang, {
    slug: old.slug,
    title: old.title,
    summary: old.summary,
    bodyMd: old.bodyMd,
    tags: old.tags,
    status: old.status === 'published' ? 'published' : 'draft',
    lastReviewed: old.lastReviewed,
    expectedRevision,
  });
  await recordAudit(db, ctx, {
    action: 'article.restore',
    targetType: 'article',
    targetId: `${key}/${lang}`,
    organisationId: null,
    details: { restoredRevision: revision, newRevision: saved.revision },
  });
  return saved;
}
