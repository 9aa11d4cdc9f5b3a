import type { Lang } from '$lib/i18n/i18n';
import { loadLegalPage, loadRetention } from '$lib/server/legal-page';
import type { PageServerLoad } from './$types';

// Plain HTML and CSS: the notice needs no JavaScript.
export const csr = false;

export const load: PageServerLoad = async ({ fetch, params, setHeaders }) => {
  // As the guides: an editor's save shows at once; the retention table is read on each request.
  setHeaders({ 'cache-control': 'public, max-age=0, s-maxage=60' });
  const [page, retention] = await Promise.all([
    loadLegalPage(fetch, 'privacy', params.lang as Lang, params.privacy),
    loadRetention(fetch),
  ]);
  return { ...page, retention };
};
