import { error, fail } from '@sveltejs/kit';
import { createApi } from '$lib/api/client';
import { errorMessage, translator } from '$lib/i18n/i18n';
import type { Actions, PageServerLoad } from './$types';

/** One's passkeys: listed, renamed and removed here; added by the page's script (WebAuthn needs the browser). */
export const load: PageServerLoad = async ({ fetch }) => {
  const result = await createApi(fetch).passkeys();
  if (!result.ok) error(result.status, { message: result.error.message, code: result.error.code });
  return { passkeys: result.data.items };
};

const field = (form: FormData, name: string) => {
  const value = form.get(name);
  return typeof value === 'string' ? value.trim() : '';
};

export const actions: Actions = {
  // Reached only without scripts: making a passkey happens in the browser.
  add: async ({ locals }) => fail(400, { error: translator(locals.lang)('passkeys.needs_script') }),
  rename: async ({ request, fetch, locals }) => {
    const t = translator(locals.lang);
    const form = await request.formData();
    const id = field(form, 'id');
    const name = field(form, 'name');
    if (!name) return fail(400, { renameId: id, error: t('passkeys.name_missing') });
    const result = await createApi(fetch).renamePasskey(id, name);
    if (!result.ok) return fail(result.status, { renameId: id, error: errorMessage(t, result.error.code) });
    return { done: t('passkeys.renamed') };
  },
  remove: async ({ request, fetch, locals }) => {
    const t = translator(locals.lang);
    const result = await createApi(fetch).removePasskey(field(await request.formData(), 'id'));
    if (!result.ok) return fail(result.status, { error: errorMessage(t, result.error.code) });
    return { done: t('passkeys.removed') };
  },
};
