import { error } from '@sveltejs/kit';
import { catalogueSegment, shortlistUrl } from '$server/shared/urls/catalogue-urls';
import { createApi } from '$lib/api/client';
import { readShortlist, toggleShortlist } from '$lib/catalogue/shortlist';
import type { Lang } from '$lib/i18n/i18n';
import type { Actions, PageServerLoad } from './$types';

export const csr = false;

export const load: PageServerLoad = async ({ fetch, params, cookies, setHeaders }) => {
  const lang = params.lang as Lang;
  if (
    params.catalogue !== catalogueSegment[lang] ||
    params.shortlist !== shortlistUrl(lang).split('/').pop()
  ) {
    error(404, { message: 'Not found' });
  }
  const ids = readShortlist(cookies);
  const result = ids.length ? await createApi(fetch).programmesByIds(ids, lang) : null;
  if (result && !result.ok) error(503, { message: result.error.message });
  setHeaders({ 'cache-control': 'private, no-store' });
  const alternates = (['fi', 'sv', 'en'] as const).map((l) => ({ hreflang: l, href: shortlistUrl(l) }));
  return { items: result?.data.items ?? [], alternates };
};

export const actions: Actions = {
  shortlist: async ({ request, cookies, url }) => toggleShortlist(request, cookies, url),
};
