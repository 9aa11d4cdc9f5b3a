import { error } from '@sveltejs/kit';
import { createApi } from '$lib/api/client';
import type { PageServerLoad } from './$types';

/** One handbook article; 404 for anything else, a public guide included. */
export const load: PageServerLoad = async ({ fetch, params }) => {
  const result = await createApi(fetch).handbookArticle(params.lang, params.slug);
  if (!result.ok) error(result.status, { message: result.error.message, code: result.error.code });
  return { article: result.data };
};
