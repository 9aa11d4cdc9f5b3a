import { error } from '@sveltejs/kit';
import { translator } from '$lib/i18n/i18n';
import type { LayoutServerLoad } from './$types';

/** The article editor is for editors and service admins; the API checks every call too. */
export const load: LayoutServerLoad = ({ locals }) => {
  const role = locals.staff?.role;
  if (role !== 'admin' && role !== 'editor') {
    error(403, { message: translator(locals.lang)('error.forbidden_text'), code: 'auth.forbidden' });
  }
  return {};
};
