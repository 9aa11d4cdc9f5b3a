import { error, fail } from '@sveltejs/kit';
import { createApi } from '$lib/api/client';
import { errorMessage, translator } from '$lib/i18n/i18n';
import type { Actions, PageServerLoad } from './$types';

/** The signed-in person's sessions (GET /api/v1/auth/sessions); ending one or all others works without scripts. */
export const load: PageServerLoad = async ({ fetch }) => {
  const result = await createApi(fetch).ownSessions();
  if (!result.ok) error(result.status, { message: result.error.message, code: result.error.code });
  return { sessions: result.data.items };
};

export const actions: Actions = {
  end: async ({ request, fetch, locals }) => {
    const t = translator(locals.lang);
    const id = (await request.formData()).get('id');
    const result = await createApi(fetch).endOwnSession(typeof id === 'string' ? id : '');
    if (!result.ok) return fail(result.status, { error: errorMessage(t, result.error.code) });
    return { done: t('sessions.ended_one') };
  },
  endOthers: async ({ fetch, locals }) => {
    const t = translator(locals.lang);
    const result = await createApi(fetch).endOtherSessions();
    if (!result.ok) return fail(result.status, { error: errorMessage(t, result.error.code) });
    return { done: t('sessions.ended_others', { count: result.data.ended }) };
  },
};
