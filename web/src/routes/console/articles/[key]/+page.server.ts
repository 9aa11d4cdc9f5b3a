import { error } from '@sveltejs/kit';
import { articleLangs } from '$server/shared/languages';
import { legalPageOfKey } from '$server/shared/urls/legal-urls';
import { createApi } from '$lib/api/client';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ fetch, params }) => {
  const api = createApi(fetch);
  const [article, feedback] = await Promise.all([
    api.editorArticle(params.key),
    api.articleFeedbackList(params.key),
  ]);
  if (!article.ok) error(article.status, { message: article.error.message, code: article.error.code });
  const present = new Set(article.data.versions.map((v) => v.lang));
  // A statutory page is read in the UI languages only: other versions would never be shown.
  const legalPage = legalPageOfKey(article.data.key) ?? null;
  const langs = legalPage ? (['fi', 'sv', 'en'] as const) : articleLangs;
  return {
    article: article.data,
    legalPage,
    feedback: feedback.ok ? feedback.data.items : [],
    addable: langs.filter((lang) => !present.has(lang)),
  };
};
