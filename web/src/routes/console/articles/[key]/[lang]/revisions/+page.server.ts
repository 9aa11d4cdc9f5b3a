import { error, fail } from '@sveltejs/kit';
import { createApi } from '$lib/api/client';
import { translator } from '$lib/i18n/i18n';
import { apiFormErrors } from '$lib/server/forms';
import { diffLines } from '$lib/server/line-diff';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ fetch, params, url }) => {
  const api = createApi(fetch);
  const list = await api.revisions(params.key, params.lang);
  if (!list.ok) error(list.status, { message: list.error.message, code: list.error.code });
  const revisions = list.data.items;
  const current = revisions[0]?.revision ?? 0;
  const from = Number(url.searchParams.get('from')) || revisions[1]?.revision || current;
  const to = Number(url.searchParams.get('to')) || current;
  let diff = null;
  if (from && to && from !== to) {
    const [older, newer] = await Promise.all([
      api.revision(params.key, params.lang, from),
      api.revision(params.key, params.lang, to),
    ]);
    if (older.ok && newer.ok) {
      const text = (r: typeof older.data) => `# ${r.title}\n\n${r.summary}\n\n${r.bodyMd}`;
      diff = { from, to, lines: diffLines(text(older.data), text(newer.data)) };
    }
  }
  return { key: params.key, versionLang: params.lang, revisions, current, from, to, diff };
};

export const actions: Actions = {
  restore: async ({ request, fetch, params, locals }) => {
    const form = await request.formData();
    const revision = Number(form.get('revision'));
    const expected = Number(form.get('expectedRevision'));
    const result = await createApi(fetch).restoreRevision(params.key, params.lang, revision, expected);
    if (!result.ok)
      return fail(result.status, { errors: apiFormErrors(result.error, translator(locals.lang)) });
    return { restored: revision };
  },
};
