import { error, fail, redirect } from '@sveltejs/kit';
import { editableCategories } from '$server/features/articles/article-vocabulary';
import { createApi } from '$lib/api/client';
import { translator } from '$lib/i18n/i18n';
import { apiFormErrors, text } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ fetch }) => {
  const result = await createApi(fetch).editorArticles();
  if (!result.ok) error(result.status, { message: result.error.message, code: result.error.code });
  return { articles: result.data.items, categories: editableCategories };
};

export const actions: Actions = {
  create: async ({ request, fetch, locals }) => {
    const form = await request.formData();
    const values = { key: text(form, 'key'), category: text(form, 'category') };
    const result = await createApi(fetch).createArticle(values.key, values.category);
    if (!result.ok) {
      return fail(result.status, { values, errors: apiFormErrors(result.error, translator(locals.lang)) });
    }
    redirect(303, `/console/articles/${values.key}/fi`);
  },
};
