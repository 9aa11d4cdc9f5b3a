import { error } from '@sveltejs/kit';

export const csr = false;
import { catalogueSegment } from '$server/shared/urls/catalogue-urls';
import { createApi } from '$lib/api/client';
import { readShortlist, toggleShortlist } from '$lib/catalogue/shortlist';
import type { Lang } from '$lib/i18n/i18n';
import type { Actions, PageServerLoad } from './$types';

const passed = [
  'q',
  'field',
  'type',
  'municipality',
  'studyForm',
  'language',
  'application',
  'support',
  'provider',
  'startWithin',
  'sort',
  'page',
];

export const load: PageServerLoad = async ({ fetch, params, url, cookies, setHeaders }) => {
  const lang = params.lang as Lang;
  if (params.catalogue !== catalogueSegment[lang]) error(404, { message: 'Not found' });
  // Only the filters the API knows are passed on; it ignores unknown values itself.
  const query = new URLSearchParams();
  for (const [key, value] of url.searchParams) {
    if (passed.includes(key) && value !== '') query.append(key, value.slice(0, 500));
  }
  query.set('lang', lang);
  const result = await createApi(fetch).programmes(query);
  if (!result.ok) error(result.status >= 500 ? 503 : 400, { message: result.error.message });
  setHeaders({ 'cache-control': 'private, no-cache' });
  const alternates = (['fi', 'sv', 'en'] as const).map((l) => {
    const q = new URLSearchParams(url.searchParams);
    return { hreflang: l, href: `/${l}/${catalogueSegment[l]}${q.size ? `?${q}` : ''}` };
  });
  return {
    list: result.data,
    shortlist: readShortlist(cookies),
    alternates,
    search: url.searchParams.toString(),
  };
};

export const actions: Actions = {
  shortlist: async ({ request, cookies, url }) => toggleShortlist(request, cookies, url),
};
