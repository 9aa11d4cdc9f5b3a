import type { RequestContext } from '../../access/request-context.js';
import type { Db } from '../../db/database-types.js';
import { AppError } from '../../errors.js';
import { legalArticleKey, type LegalPage } from '../../shared/urls/legal-urls.js';
import { selectPublishedLegalVersions } from './article-read.repository.js';
import type { LegalPageView } from './article.schema.js';

/**
 * The privacy notice or the accessibility statement in one language, as published in the
 * editor; the Finnish text while a translation is missing or unpublished. Public: anyone may
 * read it, and reading it counts no view (it is not a guide).
 */
export async function readLegalPage(
  db: Db,
  _ctx: RequestContext,
  page: LegalPage,
  lang: 'fi' | 'sv' | 'en',
): Promise<LegalPageView> {
  const versions = await selectPublishedLegalVersions(db, legalArticleKey[page]);
  const version = versions.find((v) => v.lang === lang) ?? versions.find((v) => v.lang === 'fi');
  if (!version) throw new AppError('legal_page.not_found', 404, 'This page has not been published');
  return {
    page,
    lang: version.lang,
    title: version.title,
    summary: version.summary,
    html: version.html,
    revision: version.revision,
    updatedAt: version.contentUpdatedAt.toISOString(),
    lastReviewed: version.lastReviewed ? version.lastReviewed.toISOString().slice(0, 10) : null,
  };
}
