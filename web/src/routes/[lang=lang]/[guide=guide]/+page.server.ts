import { error } from '@sveltejs/kit';
import { guideSegment } from '$server/shared/urls/article-urls';
import { createApi } from '$lib/api/client';
import type { Lang } from '$lib/i18n/i18n';
import type { PageServerLoad } from './$types';

/** Served as HTML alone: no framework JavaScript (search suggestions are /enhance/search.js). */
export const csr = false;

/** Article languages listed as "other languages" on the English guide index. */
const extraLangs = ['uk', 'ru', 'ar'] as const;

export const load: PageServerLoad = async ({ fetch, params, setHeaders }) => {
  const lang = params.lang as Lang;
  if (params.guide !== guideSegment[lang]) error(404, { message: 'Not found' });
  const api = createApi(fetch);
  const index = await api.guideIndex(lang);
  if (!index.ok) error(index.status === 404 ? 404 : 503, { message: index.error.message });
  // Guides in languages without a UI of their own: linked from every index.
  const others = await Promise.all(extraLangs.map((other) => api.guideIndex(other)));
  setHeaders({ 'cache-control': 'public, max-age=60' });
  return {
    index: index.data,
    otherLanguages: others.flatMap((result, i) =>
      result.ok
        ? [{ lang: extraLangs[i]!, articles: result.data.categories.flatMap((c) => c.articles) }]
        : [],
    ),
    alternates: (['fi', 'sv', 'en'] as const).map((l) => ({ hreflang: l, href: `/${l}/${guideSegment[l]}` })),
  };
};
