import { error } from '@sveltejs/kit';
import { createApi } from '$lib/api/client';
import type { PageServerLoad } from './$types';

/** The staff handbook in the console's language (Finnish when it has none): every staff member. */
export const load: PageServerLoad = async ({ fetch, url, locals }) => {
  const q = (url.searchParams.get('q') ?? '').trim().slice(0, 200);
  const api = createApi(fetch);
  let result = await api.handbook(locals.lang, q || undefined);
  if (result.ok && result.data.items.length === 0 && !q && locals.lang !== 'fi') {
    result = await api.handbook('fi');
  }
  if (!result.ok) error(result.status, { message: result.error.message, code: result.error.code });
  return { q, items: result.data.items };
};
