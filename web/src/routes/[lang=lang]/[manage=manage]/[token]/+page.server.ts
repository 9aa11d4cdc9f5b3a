import { error, fail, redirect } from '@sveltejs/kit';
import { bookingUrl, manageSegment, manageUrl } from '$server/shared/urls/booking-urls';
import { createBookingApi } from '$lib/api/booking';
import { addDays, groupByDay, isDayText, isInstant } from '$lib/booking/times';
import { helsinkiNow } from '$lib/contact/call-window';
import type { Lang } from '$lib/i18n/i18n';
import { text } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

export const csr = false;

const PAGE_DAYS = 7;
type Problem = 'other_counsellor' | 'started' | 'not_booked' | 'passed' | 'missing';

/** The manage link's problems in the client's words: which code means what for them. */
function problemOf(code: string): Problem {
  if (code === 'appointment.started') return 'started';
  if (code === 'appointment.not_booked') return 'not_booked';
  if (code === 'appointment.in_past') return 'passed';
  return 'other_counsellor';
}

export const load: PageServerLoad = async ({ fetch, params, url }) => {
  const lang = params.lang as Lang;
  if (params.manage !== manageSegment[lang]) error(404, { message: 'Not found' });
  const api = createBookingApi(fetch);
  const result = await api.manage(params.token);
  if (!result.ok) {
    if (result.status === 404) error(404, { message: 'Not found', code: 'appointment.not_found' });
    error(503, { message: result.error.message, code: result.error.code });
  }
  const booking = result.data;
  const query = url.searchParams;
  const done = query.get('done');
  const isBooked = booking.status === 'booked';
  const mode =
    isBooked && query.get('cancel') === '1'
      ? 'cancel'
      : isBooked && query.get('change') === '1'
        ? 'change'
        : 'view';
  const common = {
    booking,
    mode,
    done: done === 'cancelled' ? ('cancelled' as const) : done === 'moved' ? ('moved' as const) : null,
    bookNew: bookingUrl(lang),
    alternates: (['fi', 'sv', 'en'] as const).map((l) => ({
      hreflang: l,
      href: `${manageUrl(l, params.token)}${url.search}`,
    })),
  };
  if (mode !== 'change') return { ...common, times: null };

  const today = helsinkiNow(new Date()).day;
  const fromParam = query.get('from') ?? '';
  const from = isDayText(fromParam) && fromParam > today ? fromParam : today;
  const slots = await api.slots({
    channel: booking.channel,
    language: booking.language,
    from,
    days: PAGE_DAYS,
  });
  return {
    ...common,
    times: {
      from,
      to: addDays(from, PAGE_DAYS - 1),
      days: groupByDay(
        (slots.ok ? slots.data.slots : []).filter((s) => Date.parse(s.start) !== Date.parse(booking.start)),
      ),
      earlier:
        from > today
          ? `?change=1&from=${addDays(from, -PAGE_DAYS) > today ? addDays(from, -PAGE_DAYS) : today}`
          : null,
      later: `?change=1&from=${addDays(from, PAGE_DAYS)}`,
    },
  };
};

export const actions: Actions = {
  cancel: async ({ fetch, params }) => {
    const lang = params.lang as Lang;
    const result = await createBookingApi(fetch).cancel(params.token);
    if (!result.ok) return fail(result.status === 404 ? 404 : 409, { problem: problemOf(result.error.code) });
    redirect(303, `${manageUrl(lang, params.token)}?done=cancelled`);
  },
  reschedule: async ({ fetch, params, request }) => {
    const lang = params.lang as Lang;
    const start = text(await request.formData(), 'start');
    if (!isInstant(start)) return fail(400, { problem: 'missing' as Problem });
    const result = await createBookingApi(fetch).reschedule(params.token, start);
    if (!result.ok) return fail(result.status === 400 ? 400 : 409, { problem: problemOf(result.error.code) });
    redirect(303, `${manageUrl(lang, params.token)}?done=moved`);
  },
};
