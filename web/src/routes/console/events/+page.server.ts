import { error, fail, redirect } from '@sveltejs/kit';
import { createEventsApi } from '$lib/api/events';
import { errorMessage, translator } from '$lib/i18n/i18n';
import { text } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

import { eventHandlers as handlers } from './access';

export const load: PageServerLoad = async ({ fetch, url, locals }) => {
  if (!handlers.includes(locals.staff!.role))
    error(403, { message: 'Events are for counsellors', code: 'auth.forbidden' });
  const includePast = url.searchParams.get('past') === '1';
  const result = await createEventsApi(fetch).manageList({ includePast });
  if (!result.ok)
    error(result.status === 403 ? 403 : 503, { message: result.error.message, code: result.error.code });
  const saved = url.searchParams.get('saved');
  return {
    events: result.data.items,
    includePast,
    saved: saved === 'saved' || saved === 'cancelled' ? saved : null,
  };
};

export const actions: Actions = {
  cancel: async ({ fetch, request, locals }) => {
    const id = text(await request.formData(), 'id');
    const result = await createEventsApi(fetch).cancel(id);
    if (!result.ok) {
      return fail(result.status === 404 ? 404 : result.status === 403 ? 403 : 400, {
        error: errorMessage(translator(locals.lang), result.error.code),
      });
    }
    redirect(303, '/console/events?saved=cancelled');
  },
};
