import { error, fail } from '@sveltejs/kit';
import { createShadowingApi } from '$lib/api/training';
import { translator } from '$lib/i18n/i18n';
import { apiFormErrors, text } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

/** Following a colleague's chat: waiting for the acceptance, the chat read-only, the notes. */
export const load: PageServerLoad = async ({ fetch, params }) => {
  const view = await createShadowingApi(fetch).view(params.id);
  if (!view.ok)
    error(view.status === 400 ? 404 : view.status, { message: view.error.message, code: view.error.code });
  return { view: view.data };
};

export const actions: Actions = {
  note: async ({ request, fetch, params, locals }) => {
    const t = translator(locals.lang);
    const body = text(await request.formData(), 'body');
    if (!body) return fail(400, { action: 'note', errors: { 'shadow-note': t('shadow.note_missing') } });
    const result = await createShadowingApi(fetch).note(params.id, body);
    if (!result.ok) return fail(result.status, { action: 'note', errors: apiFormErrors(result.error, t) });
    return { action: 'note', done: t('shadow.note_saved') };
  },
  end: async ({ fetch, params, locals }) => {
    const result = await createShadowingApi(fetch).end(params.id);
    if (!result.ok)
      return fail(result.status, {
        action: 'end',
        errors: apiFormErrors(result.error, translator(locals.lang)),
      });
    return { action: 'end', done: translator(locals.lang)('shadow.ended') };
  },
};
