import { error } from '@sveltejs/kit';
import { translator } from '$lib/i18n/i18n';
import type { LayoutServerLoad } from './$types';

/** Reports are for those who handle contacts and for admins; the API checks each call too. */
export const load: LayoutServerLoad = ({ locals }) => {
  const role = locals.staff?.role;
  if (role !== 'admin' && role !== 'org_admin' && role !== 'counsellor') {
    error(403, { message: translator(locals.lang)('error.forbidden_text'), code: 'auth.forbidden' });
  }
  return {};
};
