import { error } from '@sveltejs/kit';
import { catalogueSegment, compareSegment } from '$server/shared/urls/catalogue-urls';
import { createApi } from '$lib/api/client';
import type { Lang } from '$lib/i18n/i18n';
import type { PageServerLoad } from './$types';

export const csr = false;
const MAX = 3;

export const load: PageServerLoad = async ({ fetch, params, url }) => {
  const lang = params.lang as Lang;
  if (params.catalogue !== catalogueSegment[lang] || params.compare !== compareSegment[lang]) {
    error(404, { message: 'Not found' });
  }
  // ?ids=a,b,c or ?ids=a&ids=b (the shortlist's checkboxes)
  const ids = [
    ...new Set(
      url.searchParams
        .getAll('ids')
        .flatMap((v) => v.split(','))
        .filter(Boolean),
    ),
  ].slice(0, 20);
  const result = ids.length ? await createApi(fetch).programmesByIds(ids.slice(0, MAX), lang) : null;
  if (result && !result.ok) error(503, { message: result.error.message });
  const alternates = (['fi', 'sv', 'en'] as const).map((l) => ({
    hreflang: l,
    href: `/${l}/${catalogueSegment[l]}/${compareSegment[l]}?ids=${ids.slice(0, MAX).join(',')}`,
  }));
  return { items: result?.data.items ?? [], tooMany: ids.length > MAX, alternates };
};
