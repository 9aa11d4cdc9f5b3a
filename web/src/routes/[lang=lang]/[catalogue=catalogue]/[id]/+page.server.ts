import { error } from '@sveltejs/kit';
import { catalogueSegment, programmeUrl } from '$server/shared/urls/catalogue-urls';
import { createApi } from '$lib/api/client';
import { readShortlist, toggleShortlist } from '$lib/catalogue/shortlist';
import type { Lang } from '$lib/i18n/i18n';
import type { Actions, PageServerLoad } from './$types';

export const csr = false;

export const load: PageServerLoad = async ({ fetch, params, cookies }) => {
  const lang = params.lang as Lang;
  if (params.catalogue !== catalogueSegment[lang]) error(404, { message: 'Not found' });
  const result = await createApi(fetch).programme(params.id, lang);
  if (!result.ok) error(result.status === 404 ? 404 : 503, { message: result.error.message });
  const alternates = (['fi', 'sv', 'en'] as const).map((l) => ({
    hreflang: l,
    href: programmeUrl(l, params.id),
  }));
  return { programme: result.data, shortlist: readShortlist(cookies), alternates };
};

export const actions: Actions = {
  shortlist: async ({ request, cookies, url }) => toggleShortlist(request, cookies, url),
};
