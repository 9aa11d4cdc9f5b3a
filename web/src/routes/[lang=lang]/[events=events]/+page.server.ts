import { error } from '@sveltejs/kit';
import { eventsSegment, eventsUrl } from '$server/shared/urls/event-urls';
import { createEventsApi, eventsFeedPath } from '$lib/api/events';
import { helsinkiNow } from '$lib/contact/call-window';
import { isMonthText, monthRange } from '$lib/events/calendar';
import { langs, type Lang } from '$lib/i18n/i18n';
import type { PageServerLoad } from './$types';
import { linkOrigin } from '$lib/server/public-origin';

export const csr = false;

const isDayText = (value: string) => /^\d{4}-\d{2}-\d{2}$/.test(value);

/**
 * The public event calendar: a list grouped by day, or a month as a table. Everything is in
 * the address (GET), so filtering works without scripts and every view can be linked.
 */
export const load: PageServerLoad = async ({ fetch, params, url }) => {
  const lang = params.lang as Lang;
  if (params.events !== eventsSegment[lang]) error(404, { message: 'Not found' });
  const query = url.searchParams;
  const alternates = langs.map((l) => ({ hreflang: l, href: `${eventsUrl(l)}${url.search}` }));
  const municipality = (query.get('municipality') ?? '').trim().slice(0, 10);
  const view: 'list' | 'month' = query.get('view') === 'month' ? 'month' : 'list';
  const api = createEventsApi(fetch);

  const monthParam = (query.get('month') ?? '').trim();
  const month = isMonthText(monthParam) ? monthParam : helsinkiNow(new Date()).day.slice(0, 7);
  const monthInvalid = view === 'month' && monthParam !== '' && !isMonthText(monthParam);
  const from = (query.get('from') ?? '').trim().slice(0, 10);
  const to = (query.get('to') ?? '').trim().slice(0, 10);
  // A malformed day is passed on as it is: the API answers with the same coded message as for
  // any other bad period, which the page shows next to the form.
  const range = view === 'month' ? monthRange(month) : { from: from || undefined, to: to || undefined };
  const result = await api.list({ ...range, municipality: municipality || undefined, lang });
  if (!result.ok && result.status !== 400) error(503, { message: result.error.message });
  let municipalities = result.ok ? result.data.municipalities : [];
  if (!result.ok) {
    const unfiltered = await api.list({ lang });
    if (unfiltered.ok) municipalities = unfiltered.data.municipalities;
  }
  const dayError = [from, to].some((day) => day && !isDayText(day));

  const feedPath = eventsFeedPath({
    municipality: municipality && result.ok ? municipality : undefined,
    lang: lang === 'fi' ? undefined : lang,
  });

  return {
    view,
    month,
    monthInvalid,
    filter: { municipality, from, to },
    errorCode: result.ok ? null : dayError ? 'request.invalid' : result.error.code,
    list: result.ok ? result.data : null,
    municipalities,
    today: helsinkiNow(new Date()).day,
    feed: {
      https: `${linkOrigin(url)}${feedPath}`,
      webcal: `${linkOrigin(url).replace(/^https?:/, 'webcal:')}${feedPath}`,
      municipalityName:
        result.ok && municipality
          ? (municipalities.find((m) => m.code === municipality)?.name ?? null)
          : null,
    },
    alternates,
  };
};
