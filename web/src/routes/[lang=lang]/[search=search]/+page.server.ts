import { error } from '@sveltejs/kit';
import { searchSegment } from '$server/shared/urls/article-urls';
import { createApi } from '$lib/api/client';
import type { Lang } from '$lib/i18n/i18n';
import type { PageServerLoad } from './$types';

/** Served as HTML alone: no framework JavaScript (search suggestions are /enhance/search.js). */
export const csr = false;

export const load: PageServerLoad = async ({ fetch, params, url }) => {
  const lang = params.lang as Lang;
  if (params.search !== searchSegment[lang]) error(404, { message: 'Not found' });
  // The segment differs per language (/fi/haku, /sv/sok), so the empty page needs them too.
  const alternates = (['fi', 'sv', 'en'] as const).map((l) => ({
    hreflang: l,
    href: `/${l}/${searchSegment[l]}`,
  }));
  const q = (url.searchParams.get('q') ?? '').slice(0, 1000);
  if (!q.trim()) return { q, results: null, searchId: null, events: [], alternates };
  const api = createApi(fetch);
  const [result, events] = await Promise.all([api.siteSearch(q, lang, 20), api.searchEvents(q, lang, 5)]);
  if (!result.ok) error(result.status >= 500 ? 503 : 400, { message: result.error.message });
  // Upcoming pop-up events that match are a bonus: the guide's answer does not wait on them.
  return {
    q,
    results: result.data.results,
    searchId: result.data.searchId ?? null,
    events: events.ok ? events.data.results : [],
    alternates,
  };
};
