import { error } from '@sveltejs/kit';
import { guideSegment } from '$server/shared/urls/article-urls';
import type { Lang } from '$lib/i18n/i18n';
import { loadArticle, sendFeedback } from '$lib/server/article-page';
import type { Actions, PageServerLoad } from './$types';

const langsShownIn = (lang: Lang): string[] =>
  lang === 'en' ? ['en', 'uk', 'ru', 'ar', 'so', 'fa', 'et'] : [lang];

export const load: PageServerLoad = async ({ fetch, params, setHeaders }) => {
  // Shared caches may keep an article a minute; browsers revalidate on every visit (cheap with
  // the ETag), so an editor who saves or unpublishes sees the change on their next look.
  setHeaders({ 'cache-control': 'public, max-age=0, s-maxage=60' });
  const lang = params.lang as Lang;
  if (params.guide !== guideSegment[lang]) error(404, { message: 'Not found' });
  return loadArticle(fetch, langsShownIn(lang), params.slug);
};

export const actions: Actions = {
  feedback: (event) => sendFeedback(event, langsShownIn(event.params.lang as Lang), event.params.slug),
};
