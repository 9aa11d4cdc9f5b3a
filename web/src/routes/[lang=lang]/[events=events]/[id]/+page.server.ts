import { error } from '@sveltejs/kit';
import { eventsSegment, eventUrl } from '$server/shared/urls/event-urls';
import { createEventsApi } from '$lib/api/events';
import { langs, type Lang } from '$lib/i18n/i18n';
import type { PageServerLoad } from './$types';

export const csr = false;

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const load: PageServerLoad = async ({ fetch, params }) => {
  const lang = params.lang as Lang;
  if (params.events !== eventsSegment[lang] || !uuid.test(params.id)) error(404, { message: 'Not found' });
  const result = await createEventsApi(fetch).get(params.id, lang);
  if (!result.ok) error(result.status === 404 ? 404 : 503, { message: result.error.message });
  return {
    event: result.data,
    alternates: langs.map((l) => ({ hreflang: l, href: eventUrl(l, params.id) })),
  };
};
