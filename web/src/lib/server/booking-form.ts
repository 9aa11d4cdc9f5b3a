import { MESSAGE_MAX_LENGTH } from '$server/conversations/vocabulary';
import { toE164 } from '$server/shared/phone';
import type { BookingBody, BookingChannel } from '$lib/api/booking';
import { isInstant } from '$lib/booking/times';
import type { Lang, Translate } from '$lib/i18n/i18n';
import { aboutYouBody, aboutYouValues, type AboutYouValues } from './about-you-form';
import { inFieldOrder, isEmailAddress, isProviderSlug, phoneMessage, topicOf } from './contact-forms';
import { text, type FormErrors } from './forms';
import { chosenLanguage } from './guidance-languages';

export const bookingChannels: BookingChannel[] = ['video', 'phone', 'in_person'];
/** The longest description the API takes: as long as a chat message. */
export const DESCRIPTION_MAX_LENGTH = MESSAGE_MAX_LENGTH;

/** Step 1's choices as they travel in the address from step to step. */
export interface BookingChoices {
  channel: BookingChannel;
  /** The language of the meeting: any a counsellor guides in (the API says if none does). */
  language: string;
  topic: string;
  provider: string;
}

export const channelOf = (value: string | null): BookingChannel | undefined =>
  bookingChannels.find((c) => c === value);

/** The choices of step 1 from a query string or form, or undefined when one is missing. */
export function readChoices(get: (name: string) => string | null, lang: Lang): BookingChoices | undefined {
  const channel = channelOf(get('channel'));
  const language = chosenLanguage(get('language'), lang);
  const topic = topicOf(get('topic') ?? '');
  const provider = get('provider') ?? '';
  if (!channel || !topic) return undefined;
  return { channel, language, topic, provider: isProviderSlug(provider) ? provider : '' };
}

/** The choices as query parameters, with more (start, from, notice) as needed. */
export function choicesQuery(choices: BookingChoices, more: Record<string, string> = {}): string {
  const params = new URLSearchParams({
    channel: choices.channel,
    language: choices.language,
    topic: choices.topic,
    ...(choices.provider ? { provider: choices.provider } : {}),
    ...more,
  });
  return `?${params}`;
}

export interface DetailValues {
  name: string;
  email: string;
  phone: string;
  description: string;
  consent: boolean;
  /** The optional "about you" choices. */
  about: AboutYouValues;
}

export const detailFields = ['name', 'email', 'phone', 'description', 'consent'] as const;

export function detailValues(form: FormData): DetailValues {
  return {
    name: text(form, 'name').slice(0, 50),
    email: text(form, 'email'),
    phone: text(form, 'phone').slice(0, 40),
    description: text(form, 'description').replace(/\r\n/g, '\n'),
    consent: form.get('consent') === 'yes',
    about: aboutYouValues(form),
  };
}

/**
 * The booking to send, or every problem with the details at once. The meeting is in the chosen
 * language; the confirmation, reminders and links in the page's (`lang`).
 */
export function checkBooking(
  choices: BookingChoices,
  start: string,
  values: DetailValues,
  requestKey: string,
  t: Translate,
  lang: Lang,
): { body: BookingBody } | { errors: FormErrors } {
  const errors: FormErrors = {};
  if (!isInstant(start)) errors._form = t('booking.notice.missing');
  if (!values.name) errors.name = t('booking.error.name');
  if (!isEmailAddress(values.email)) errors.email = t('contact_form.error.email_invalid');
  if (choices.channel === 'phone' || values.phone) {
    const phone = toE164(values.phone);
    if (!phone.ok) errors.phone = phoneMessage(t, phone.code);
  }
  if (values.description.length > DESCRIPTION_MAX_LENGTH)
    errors.description = t('booking.error.description_too_long');
  if (!values.consent) errors.consent = t('contact_form.error.consent');
  const topic = topicOf(choices.topic);
  if (Object.keys(errors).length > 0 || !topic) return { errors: inFieldOrder(errors, detailFields) };
  return {
    body: {
      channel: choices.channel,
      start,
      language: choices.language,
      lang,
      topic,
      ...(choices.provider ? { provider: choices.provider } : {}),
      name: values.name,
      email: values.email,
      ...(values.phone ? { phone: values.phone } : {}),
      ...(values.description ? { description: values.description } : {}),
      consent: true,
      ...aboutYouBody(values.about),
      ...(/^[A-Za-z0-9_-]{8,64}$/.test(requestKey) ? { requestKey } : {}),
    },
  };
}
