import { error, fail, redirect } from '@sveltejs/kit';
import { CHAT_RETENTION_DAYS } from '$server/conversations/vocabulary';
import { callBackSegment, callBackUrl } from '$server/shared/urls/contact-form-urls';
import { createApi } from '$lib/api/client';
import { callDayRange, fromTimes, toTimes } from '$lib/contact/call-window';
import { translator, type Lang } from '$lib/i18n/i18n';
import {
  callbackFields,
  callbackValues,
  checkCallback,
  isDay,
  NOTE_MAX_LENGTH,
  noteTooLong,
} from '$lib/server/callback-form';
import {
  contactApiErrors,
  failureStatus,
  formatCount,
  inFieldOrder,
  providerChoices,
  topicChoices,
  TRAP_FIELD,
} from '$lib/server/contact-forms';
import { text } from '$lib/server/forms';
import { knownWarnings, loadAboutYouOptions, warningCodesOf } from '$lib/server/about-you-form';
import { loadLanguageChoices } from '$lib/server/guidance-languages';
import type { Actions, PageServerLoad } from './$types';

export const csr = false;

/** The confirmation repeats the chosen time from its address; anything malformed is left out. */
function sentWindow(params: URLSearchParams) {
  const date = params.get('date') ?? '';
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  return isDay(date) && fromTimes.includes(from) && toTimes.includes(to) ? { date, from, to } : null;
}

export const load: PageServerLoad = async ({ fetch, params, url }) => {
  const lang = params.lang as Lang;
  if (params.callback !== callBackSegment[lang]) error(404, { message: 'Not found' });
  const sent = url.searchParams.get('sent') === '1';
  const [organisations, aboutOptions, languages] = sent
    ? [null, null, []]
    : await Promise.all([
        createApi(fetch).listOrganisations(),
        loadAboutYouOptions(fetch, lang),
        loadLanguageChoices(fetch),
      ]);
  return {
    sent,
    sentWindow: sent ? sentWindow(url.searchParams) : null,
    sentConfirmation: sent && url.searchParams.get('confirmation') === '1',
    /** "About you" values the API left out, named on the confirmation. */
    warnings: sent ? knownWarnings(url.searchParams.getAll('warning')) : [],
    aboutOptions,
    days: callDayRange(new Date()),
    fromTimes,
    toTimes,
    languages,
    topics: topicChoices(translator(lang)),
    providers: organisations?.ok ? providerChoices(organisations.data.items, lang) : [],
    noteMaxLength: NOTE_MAX_LENGTH,
    noteMaxLabel: formatCount(NOTE_MAX_LENGTH, lang),
    retentionDays: CHAT_RETENTION_DAYS,
    alternates: (['fi', 'sv', 'en'] as const).map((l) => ({
      hreflang: l,
      href: `${callBackUrl(l)}${url.search}`,
    })),
  };
};

export const actions: Actions = {
  default: async ({ request, fetch, params }) => {
    const lang = params.lang as Lang;
    const t = translator(lang);
    const form = await request.formData();
    // Only bots fill the hidden field: they are told it went through, and nothing is stored.
    if (text(form, TRAP_FIELD)) redirect(303, `${callBackUrl(lang)}?sent=1`);
    const values = callbackValues(form, lang);
    const checked = checkCallback(values, t, lang);
    if ('errors' in checked) return fail(400, { values, errors: checked.errors });

    const result = await createApi(fetch).requestCallback(checked.body);
    if (!result.ok) {
      const errors = contactApiErrors(result.status, result.error, t, { note: noteTooLong(t, lang) });
      return fail(failureStatus(result.status), { values, errors: inFieldOrder(errors, callbackFields) });
    }
    // The thank-you page repeats the time, says whether a confirmation was mailed, and names
    // the "about you" values that were left out (the request went through).
    const sent = new URLSearchParams({
      sent: '1',
      ...checked.body.window,
      ...(values.email ? { confirmation: '1' } : {}),
    });
    for (const code of warningCodesOf(result.data.warnings)) sent.append('warning', code);
    redirect(303, `${callBackUrl(lang)}?${sent}`);
  },
};
