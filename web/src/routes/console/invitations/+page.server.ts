import { error } from '@sveltejs/kit';
import { createOutreachApi } from '$lib/api/outreach';
import { translator } from '$lib/i18n/i18n';
import type { PageServerLoad } from './$types';

/** Chat invitation rules are service-wide: admins only (the API checks each call too). */
export const load: PageServerLoad = async ({ fetch, locals }) => {
  if (locals.staff?.role !== 'admin') {
    error(403, { message: translator(locals.lang)('error.forbidden_text'), code: 'auth.forbidden' });
  }
  const result = await createOutreachApi(fetch).invitations();
  if (!result.ok)
    error(result.status === 403 ? 403 : 503, { message: result.error.message, code: result.error.code });
  return { rules: result.data.items };
};
