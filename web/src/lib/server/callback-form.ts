import { toE164 } from '$server/shared/phone';
import type { CallbackRequestBody } from '$lib/api/client';
import { callDayRange, fromTimes, helsinkiNow, toTimes } from '$lib/contact/call-window';
import type { Lang, Translate } from '$lib/i18n/i18n';
import { aboutYouBody, aboutYouValues, type AboutYouValues } from './about-you-form';
import {
  formatCount,
  inFieldOrder,
  isEmailAddress,
  isProviderSlug,
  phoneMessage,
  topicOf,
} from './contact-forms';
import { text, type FormErrors } from './forms';
import { languageBody, languageValue } from './guidance-languages';

/** The longest note the API takes with a call-back request (callbackRequestSchema). */
export const NOTE_MAX_LENGTH = 1000;

export interface CallbackValues {
  phone: string;
  date: string;
  from: string;
  to: string;
  /** The language of the call: the page's unless another was chosen. */
  language: string;
  topic: string;
  provider: string;
  name: string;
  email: string;
  note: string;
  consent: boolean;
  /** The optional "about you" choices. */
  about: AboutYouValues;
}

/** The fields top to bottom: the order of the error summary. */
export const callbackFields = [
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

export const isDay = (value: string) => /^\d{4}-\d{2}-\d{2}$/.test(value);

/** The sent form; the language of the call is the page's unless another was chosen. */
export function callbackValues(form: FormData, lang: Lang): CallbackValues {
  return {
    phone: text(form, 'phone').slice(0, 40),
    date: text(form, 'date'),
    from: text(form, 'from'),
    to: text(form, 'to'),
    language: languageValue(form, lang),
    topic: text(form, 'topic'),
    provider: text(form, 'provider'),
    name: text(form, 'name').slice(0, 50),
    email: text(form, 'email'),
    // Browsers send line breaks as CRLF; the length limit counts them as one character.
    note: text(form, 'note').replace(/\r\n/g, '\n'),
    consent: form.get('consent') === 'yes',
    about: aboutYouValues(form),
  };
}

export const noteTooLong = (t: Translate, lang: Lang) =>
  t('callback.error.note_too_long', { max: formatCount(NOTE_MAX_LENGTH, lang) });

/**
 * The request to send, or what the visitor must fix first, every problem at once. The day and
 * the window are checked against the Helsinki clock, as the API checks them.
 */
export function checkCallback(
  values: CallbackValues,
  t: Translate,
  lang: Lang,
  at = new Date(),
): { body: CallbackRequestBody } | { errors: FormErrors } {
  const errors: FormErrors = {};
  const phone = toE164(values.phone);
  if (!phone.ok) errors.phone = phoneMessage(t, phone.code);
  const days = callDayRange(at);
  if (!values.date) errors.date = t('callback.error.day_missing');
  else if (!isDay(values.date) || values.date < days.min || values.date > days.max) {
    errors.date = t('callback.error.day_out_of_range');
  }
  if (!fromTimes.includes(values.from)) errors.from = t('callback.error.from_missing');
  if (!toTimes.includes(values.to)) errors.to = t('callback.error.to_missing');
  const now = helsinkiNow(at);
  if (!errors.from && !errors.to && values.to <= values.from) {
    errors.to = t('callback.error.to_before_from');
  } else if (!errors.date && !errors.to && values.date === now.day && values.to <= now.time) {
    errors.from = t('callback.error.time_passed');
  }
  const topic = topicOf(values.topic);
  if (!topic) errors.topic = t('contact_form.error.topic');
  if (values.provider && !isProviderSlug(values.provider)) errors.provider = t('contact_form.error.provider');
  if (values.email && !isEmailAddress(values.email)) errors.email = t('contact_form.error.email_invalid');
  if (values.note.length > NOTE_MAX_LENGTH) errors.note = noteTooLong(t, lang);
  if (!values.consent) errors.consent = t('contact_form.error.consent');
  if (Object.keys(errors).length > 0 || !topic) return { errors: inFieldOrder(errors, callbackFields) };
  return {
    body: {
      // The page's language words the confirmation; the call itself may be in any offered one.
      lang,
      ...languageBody(values.language, lang),
      ...(values.name ? { name: values.name } : {}),
      phone: values.phone,
      ...(values.email ? { email: values.email } : {}),
      topic,
      ...(values.provider ? { provider: values.provider } : {}),
      window: { date: values.date, from: values.from, to: values.to },
      ...(values.note ? { note: values.note } : {}),
      consent: true,
      ...aboutYouBody(values.about),
    },
  };
}
