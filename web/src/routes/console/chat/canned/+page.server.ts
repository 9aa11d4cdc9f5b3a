import { error, fail, redirect } from '@sveltejs/kit';
import { createChatConsoleApi, type CannedResponseInput } from '$lib/api/chat-console';
import { createLanguagesApi } from '$lib/api/languages';
import { chatErrorText } from '$lib/chat/format';
import { langs, translator } from '$lib/i18n/i18n';
import { text } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

const handlers = ['counsellor', 'org_admin', 'admin'];

export const load: PageServerLoad = async ({ fetch, locals, url }) => {
  const staff = locals.staff!;
  if (!handlers.includes(staff.role))
    error(403, { message: 'Chat is for counsellors', code: 'auth.forbidden' });
  const [result, offered] = await Promise.all([
    createChatConsoleApi(fetch).cannedResponses(),
    createLanguagesApi(fetch).list(),
  ]);
  if (!result.ok)
    error(result.status === 403 ? 403 : 503, { message: result.error.message, code: result.error.code });
  const items = result.data.items;
  // The service's own languages first, then those some counsellor guides in and those of
  // responses already written.
  const languages = [
    ...new Set([
      ...langs,
      ...(offered.ok ? offered.data.items.map((l) => l.code) : []),
      ...items.map((item) => item.language),
    ]),
  ];
  const editing = items.find((item) => item.id === url.searchParams.get('edit')) ?? null;
  return {
    items,
    languages,
    editing,
    canShare: staff.role === 'admin' || staff.role === 'org_admin',
    saved: url.searchParams.get('saved'),
  };
};

function input(form: FormData): CannedResponseInput {
  return {
    title: text(form, 'title'),
    body: text(form, 'body'),
    // Checked by the API: a language nobody guides in is refused with the allowed ones.
    language: text(form, 'language') || 'fi',
    shared: form.get('shared') === 'on',
  };
}

export const actions: Actions = {
  save: async ({ request, fetch, locals }) => {
    const form = await request.formData();
    const body = input(form);
    const id = text(form, 'id');
    const api = createChatConsoleApi(fetch);
    const result = id ? await api.updateCannedResponse(id, body) : await api.createCannedResponse(body);
    if (!result.ok) {
      return fail(result.status, {
        values: { id, ...body },
        error: chatErrorText(translator(locals.lang), { code: result.error.code, status: result.status }),
      });
    }
    redirect(303, `/console/chat/canned?saved=${id ? 'updated' : 'created'}`);
  },
  delete: async ({ request, fetch, locals }) => {
    const form = await request.formData();
    const result = await createChatConsoleApi(fetch).deleteCannedResponse(text(form, 'id'));
    if (!result.ok) {
      return fail(result.status, {
        error: chatErrorText(translator(locals.lang), { code: result.error.code, status: result.status }),
      });
    }
    redirect(303, '/console/chat/canned?saved=deleted');
  },
};
