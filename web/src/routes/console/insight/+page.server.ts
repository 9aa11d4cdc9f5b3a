import { error } from '@sveltejs/kit';
import { createApi } from '$lib/api/client';
import { translator } from '$lib/i18n/i18n';
import type { PageServerLoad } from './$types';

/** The periods offered, in weeks; the search log keeps 90 days. */
const periods = [1, 2, 4, 8, 12];

/** What clients search for and don't find: for editors and admins (the API checks too). */
export const load: PageServerLoad = async ({ fetch, url, locals }) => {
  const role = locals.staff?.role;
  if (role !== 'admin' && role !== 'editor') {
    error(403, { message: translator(locals.lang)('error.forbidden_text'), code: 'auth.forbidden' });
  }
  const asked = Number(url.searchParams.get('weeks') ?? 4);
  const weeks = periods.includes(asked) ? asked : 4;
  const result = await createApi(fetch).contentInsight(weeks, locals.lang);
  if (!result.ok) error(result.status, { message: result.error.message, code: result.error.code });
  return { weeks, periods, insight: result.data };
};
