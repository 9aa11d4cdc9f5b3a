import { error, fail } from '@sveltejs/kit';
import { createApi } from '$lib/api/client';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ fetch, url, setHeaders }) => {
  const status = url.searchParams.get('status') === 'closed' ? 'closed' : 'open';
  const result = await createApi(fetch).contactRequests(status);
  if (!result.ok)
    error(result.status === 403 ? 403 : 503, { message: result.error.message, code: result.error.code });
  setHeaders({ 'cache-control': 'private, no-store' });
  return { status, items: result.data.items };
};

export const actions: Actions = {
  close: async ({ request, fetch }) => {
    const form = await request.formData();
    const result = await createApi(fetch).closeContactRequest(String(form.get('id') ?? ''));
    if (!result.ok) return fail(result.status, { code: result.error.code });
    return { closed: true };
  },
};
