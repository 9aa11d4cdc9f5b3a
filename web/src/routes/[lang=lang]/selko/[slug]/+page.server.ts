import { error } from '@sveltejs/kit';
import { loadArticle, sendFeedback } from '$lib/server/article-page';
import type { Actions, PageServerLoad } from './$types';

// Plain Finnish (selkosuomi) versions: /fi/selko/<slug>.
export const load: PageServerLoad = async ({ fetch, params, setHeaders }) => {
  // Shared caches may keep an article a minute; browsers revalidate on every visit (cheap with
  // the ETag), so an editor who saves or unpublishes sees the change on their next look.
  setHeaders({ 'cache-control': 'public, max-age=0, s-maxage=60' });
  if (params.lang !== 'fi') error(404, { message: 'Not found' });
  return loadArticle(fetch, ['fi-selko'], params.slug);
};

export const actions: Actions = {
  feedback: (event) => sendFeedback(event, ['fi-selko'], event.params.slug),
};
