import { error } from '@sveltejs/kit';
import { articleLangs } from '$server/shared/languages';
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
  return {
    article: article.data,
    feedback: feedback.ok ? feedback.data.items : [],
    addable: articleLangs.filter((lang) => !present.has(lang)),
  };
};
