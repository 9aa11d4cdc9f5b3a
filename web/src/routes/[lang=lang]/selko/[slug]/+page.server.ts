import { error } from '@sveltejs/kit';
import { loadArticle, sendFeedback } from '$lib/server/article-page';
import type { Actions, PageServerLoad } from './$types';

// Plain Finnish (selkosuomi) versions: /fi/selko/<slug>.
export const load: PageServerLoad = async ({ fetch, params }) => {
  if (params.lang !== 'fi') error(404, { message: 'Not found' });
  return loadArticle(fetch, ['fi-selko'], params.slug);
};

export const actions: Actions = {
  feedback: (event) => sendFeedback(event, 'fi-selko', event.params.slug),
};
