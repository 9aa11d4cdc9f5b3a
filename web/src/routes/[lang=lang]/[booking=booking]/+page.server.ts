import { error, fail, redirect } from '@sveltejs/kit';
import { randomUUID } from 'node:crypto';
import { bookingSegment, bookingUrl } from '$server/shared/urls/booking-urls';
import { createBookingApi } from '$lib/api/booking';
import { createApi } from '$lib/api/client';
import { addDays, groupByDay, isDayText, isInstant } from '$lib/booking/times';
import { helsinkiNow } from '$lib/contact/call-window';
import { translator, type Lang } from '$lib/i18n/i18n';
import {
  bookingChannels,
  checkBooking,
  choicesQuery,
  DESCRIPTION_MAX_LENGTH,
  detailFields,
  detailValues,
  readChoices,
  type BookingChoices,
} from '$lib/server/booking-form';
import {
  contactApiErrors,
  failureStatus,
  inFieldOrder,
  providerChoices,
  topicChoices,
  TRAP_FIELD,
} from '$lib/server/contact-forms';
import { text } from '$lib/server/forms';
import { loadAboutYouOptions, warningCodesOf } from '$lib/server/about-you-form';
import { chosenLanguage, loadLanguageChoices } from '$lib/server/guidance-languages';
import type { Actions, PageServerLoad } from './$types';
import { linkOrigin } from '$lib/server/public-origin';

export const csr = false;

/** One page of free times is a week. */
const PAGE_DAYS = 7;
const notices = ['taken', 'passed', 'invalid', 'missing'] as const;
type Notice = (typeof notices)[number];

export const load: PageServerLoad = async ({ fetch, params, url, request }) => {
  const lang = params.lang as Lang;
  if (params.booking !== bookingSegment[lang]) error(404, { message: 'Not found' });
  const t = translator(lang);
  const query = url.searchParams;
  const choices = readChoices((name) => query.get(name), lang);
  const noticeParam = query.get('notice');
  const notice: Notice | null =
    notices.find((n) => n === noticeParam) ?? (query.has('start') && !query.get('start') ? 'missing' : null);
  const common = {
    topics: topicChoices(t),
    channels: bookingChannels,
    descriptionMaxLength: DESCRIPTION_MAX_LENGTH,
    origin: linkOrigin(url),
    alternates: (['fi', 'sv', 'en'] as const).map((l) => ({
      hreflang: l,
      href: `${bookingUrl(l)}${url.search}`,
    })),
  };

  /** Step 1: the channel, the meeting's language and the topic; `isLanguageRefused` when nobody guides in it. */
  const firstStep = async (isLanguageRefused = false) => {
    const [organisations, languages] = await Promise.all([
      createApi(fetch).listOrganisations(),
      loadLanguageChoices(fetch),
    ]);
    const language = chosenLanguage(query.get('language'), lang);
    const isListed = languages.some((choice) => choice.value === language);
    return {
      ...common,
      step: 1 as const,
      sent: query.has('channel') || query.has('topic'),
      isLanguageRefused,
      languages,
      values: {
        channel: query.get('channel') ?? '',
        // A refused language is not chosen again for the visitor; one not listed becomes the page's.
        language: isLanguageRefused ? '' : isListed ? language : lang,
        topic: query.get('topic') ?? '',
        provider: query.get('provider') ?? '',
      },
      providers: organisations.ok ? providerChoices(organisations.data.items, lang) : [],
    };
  };

  if (!choices) return firstStep();

  const api = createBookingApi(fetch);
  const start = query.get('start') ?? '';
  if (isInstant(start)) {
    // The chosen time is looked up again, so that its end and place come from the list itself.
    const day = helsinkiNow(new Date(start)).day;
    const [result, aboutOptions] = await Promise.all([
      api.slots({ ...slotQuery(choices), from: day, days: 1 }),
      loadAboutYouOptions(fetch, lang),
    ]);
    const slot = result.ok
      ? result.data.slots.find((s) => Date.parse(s.start) === Date.parse(start))
      : undefined;
    // After the booking action the time is no longer free: the page shows the confirmation.
    if (!slot && request.method !== 'POST') {
      redirect(303, `${bookingUrl(lang)}${choicesQuery(choices, { from: day, notice: 'taken' })}`);
    }
    return {
      ...common,
      step: 3 as const,
      choices,
      slot: slot ?? { start, end: start, location: null },
      requestKey: randomUUID(),
      aboutOptions,
    };
  }

  const today = helsinkiNow(new Date()).day;
  const fromParam = query.get('from') ?? '';
  const from = isDayText(fromParam) && fromParam > today ? fromParam : today;
  const result = await api.slots({ ...slotQuery(choices), from, days: PAGE_DAYS });
  if (!result.ok && result.error.code === 'language.not_offered') return firstStep(true);
  if (!result.ok) error(503, { message: result.error.message, code: result.error.code });
  return {
    ...common,
    step: 2 as const,
    choices,
    notice,
    from,
    to: addDays(from, PAGE_DAYS - 1),
    days: groupByDay(result.data.slots),
    earlier: from > today ? choicesQuery(choices, { from: maxDay(addDays(from, -PAGE_DAYS), today) }) : null,
    later: choicesQuery(choices, { from: addDays(from, PAGE_DAYS) }),
    changeChoices: `?${new URLSearchParams({ language: choices.language, ...(choices.provider ? { provider: choices.provider } : {}) })}`,
  };
};

const maxDay = (a: string, b: string) => (a > b ? a : b);

function slotQuery(choices: BookingChoices) {
  return {
    channel: choices.channel,
    language: choices.language,
    ...(choices.provider ? { provider: choices.provider } : {}),
  };
}

export const actions: Actions = {
  default: async ({ request, fetch, params }) => {
    const lang = params.lang as Lang;
    const t = translator(lang);
    const form = await request.formData();
    // Only bots fill the hidden field: they see the first step again, and nothing is stored.
    if (text(form, TRAP_FIELD)) redirect(303, bookingUrl(lang));
    const choices = readChoices((name) => text(form, name) || null, lang);
    if (!choices) redirect(303, bookingUrl(lang));
    const start = text(form, 'start');
    const values = detailValues(form);
    const checked = checkBooking(choices, start, values, text(form, 'requestKey'), t, lang);
    if ('errors' in checked) return fail(400, { values, errors: checked.errors });

    const result = await createBookingApi(fetch).book(checked.body);
    // The confirmation names the "about you" values that were left out (the time was booked).
    if (result.ok) return { booked: result.data, choices, warnings: warningCodesOf(result.data.warnings) };
    const day = helsinkiNow(new Date(start)).day;
    const back = (notice: Notice) =>
      redirect(303, `${bookingUrl(lang)}${choicesQuery(choices, { from: day, notice })}`);
    if (result.error.code === 'appointment.slot_taken') back('taken');
    if (result.error.code === 'appointment.in_past') back('passed');
    if (result.error.code === 'appointment.slot_invalid') back('invalid');
    // Nobody guides in the meeting's language any more: step 1 says so and asks for another.
    if (result.error.code === 'language.not_offered')
      redirect(303, `${bookingUrl(lang)}${choicesQuery(choices)}`);
    const errors = contactApiErrors(result.status, result.error, t, {
      description: t('booking.error.description_too_long'),
    });
    return fail(failureStatus(result.status), { values, errors: inFieldOrder(errors, detailFields) });
  },
};
