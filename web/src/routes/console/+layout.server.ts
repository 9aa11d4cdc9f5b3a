import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = ({ locals, url }) => ({
  lang: locals.lang,
  staff: locals.staff ?? null,
  path: url.pathname,
});
