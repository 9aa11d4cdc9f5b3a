import type { Lang } from '$lib/i18n/i18n';
import { loadLegalPage } from '$lib/server/legal-page';
import type { PageServerLoad } from './$types';

// Plain HTML and CSS: the statement needs no JavaScript.
export const csr = false;

export const load: PageServerLoad = async ({ fetch, params, setHeaders }) => {
  setHeaders({ 'cache-control': 'public, max-age=0, s-maxage=60' });
  return loadLegalPage(fetch, 'accessibility', params.lang as Lang, params.accessibility);
};
