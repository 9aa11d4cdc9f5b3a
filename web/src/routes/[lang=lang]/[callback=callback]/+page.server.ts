import { error, fail, redirect } from '@sveltejs/kit';
import { CHAT_RETENTION_DAYS, chatLanguages } from '$server/features/conversations/chat-vocabulary';
import { callBackSegment, callBackUrl } from '$server/features/conversations/contact-form-urls';
import { toE164 } from '$server/features/conversations/phone';
import { createApi } from '$lib/api/client';
import { callDayRange, fromTimes, helsinkiNow, toTimes } from '$lib/contact/call-window';
import { translator, type Lang } from '$lib/i18n/i18n';
import {
  contactApiErrors,
  formatCount,
  inFieldOrder,
  isEmailAddress,
  isProviderSlug,
  isTopic,
  phoneMessage,
  providerChoices,
  topicChoices,
  TRAP_FIELD,
} from '$lib/server/contact-forms';
import { text, type FormErrors } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

export const csr = false;

/** The longest note the API takes with a call-back request. */
const NOTE_MAX_LENGTH = 1000;
const fieldOrder = [
  'phone',
  'date',
  'from',
  'to',
  'language',
  'topic',
  'provider',
  'name',
  'email',
  'note',
  'consent',
] as const;
const isDay = (value: string) => /^\d{4}-\d{2}-\d{2}$/.test(value);

/** The confirmation repeats the chosen time from its address; anything malformed is left out. */
function sentWindow(params: URLSearchParams) {
  const [date, from, to] = ['date', 'from', 'to'].map((key) => params.get(key) ?? '');
  if (!isDay(date!) || !fromTimes.includes(from!) || !toTimes.includes(to!)) return null;
  return { date: date!, from: from!, to: to! };
}

export const load: PageServerLoad = async ({ fetch, params, url }) => {
  const lang = params.lang as Lang;
  if (params.callback !== callBackSegment[lang]) error(404, { message: 'Not found' });
  const sent = url.searchParams.get('sent') === '1';
  const organisations = sent ? null : await createApi(fetch).listOrganisations();
  const t = translator(lang);
  return {
    sent,
    sentWindow: sent ? sentWindow(url.searchParams) : null,
    sentConfirmation: sent && url.searchParams.get('confirmation') === '1',
    days: callDayRange(new Date()),
    fromTimes,
    toTimes,
    languages: chatLanguages,
    topics: topicChoices(t),
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
    const values = {
      phone: text(form, 'phone').slice(0, 40),
      date: text(form, 'date'),
      from: text(form, 'from'),
      to: text(form, 'to'),
      language: text(form, 'language'),
      topic: text(form, 'topic'),
      provider: text(form, 'provider'),
      name: text(form, 'name').slice(0, 50),
      email: text(form, 'email'),
      // Browsers send line breaks as CRLF; the length limit counts them as one character.
      note: text(form, 'note').replace(/\r\n/g, '\n'),
    };
    const consent = form.get('consent') === 'yes';
    const language = (chatLanguages as readonly string[]).includes(values.language) ? values.language : lang;
    // Only bots fill the hidden field: they are told it went through, and nothing is stored.
    if (text(form, TRAP_FIELD)) redirect(303, `${callBackUrl(lang)}?sent=1`);

    const errors: FormErrors = {};
    const phone = toE164(values.phone);
    if (!phone.ok) errors.phone = phoneMessage(t, phone.code);
    const now = helsinkiNow(new Date());
    const days = callDayRange(new Date());
    if (!values.date) errors.date = t('callback.error.day_missing');
    else if (!isDay(values.date) || values.date < days.min || values.date > days.max) {
      errors.date = t('callback.error.day_out_of_range');
    }
    if (!fromTimes.includes(values.from)) errors.from = t('callback.error.from_missing');
    if (!toTimes.includes(values.to)) errors.to = t('callback.error.to_missing');
    if (!errors.from && !errors.to && values.to <= values.from) {
      errors.to = t('callback.error.to_before_from');
    } else if (!errors.date && !errors.to && values.date === now.day && values.to <= now.time) {
      errors.from = t('callback.error.time_passed');
    }
    if (!isTopic(values.topic)) errors.topic = t('contact_form.error.topic');
    if (values.provider && !isProviderSlug(values.provider))
      errors.provider = t('contact_form.error.provider');
    if (values.email && !isEmailAddress(values.email)) errors.email = t('contact_form.error.email_invalid');
    if (values.note.length > NOTE_MAX_LENGTH) {
      errors.note = t('callback.error.note_too_long', { max: formatCount(NOTE_MAX_LENGTH, lang) });
    }
    if (!consent) errors.consent = t('contact_form.error.consent');
    if (Object.keys(errors).length > 0) {
      return fail(400, {
        values: { ...values, language },
        consent,
        errors: inFieldOrder(errors, fieldOrder),
      });
    }

    const callWindow = { date: values.date, from: values.from, to: values.to };
    const result = await createApi(fetch).requestCallback({
      lang: language,
      ...(values.name ? { name: values.name } : {}),
      phone: values.phone,
      ...(values.email ? { email: values.email } : {}),
      topic: values.topic,
      ...(values.provider ? { provider: values.provider } : {}),
      window: callWindow,
      ...(values.note ? { note: values.note } : {}),
      consent: true,
    });
    if (!result.ok) {
      const apiErrors = contactApiErrors(result.status, result.error, t, {
        note: t('callback.error.note_too_long', { max: formatCount(NOTE_MAX_LENGTH, lang) }),
      });
      return fail(result.status === 429 ? 429 : result.status >= 500 ? 503 : 400, {
        values: { ...values, language },
        consent,
        errors: inFieldOrder(apiErrors, fieldOrder),
      });
    }
    // The thank-you page repeats the time, and says whether a confirmation was mailed.
    const sent = new URLSearchParams({
      sent: '1',
      ...callWindow,
      ...(values.email ? { confirmation: '1' } : {}),
    });
    redirect(303, `${callBackUrl(lang)}?${sent}`);
  },
};
