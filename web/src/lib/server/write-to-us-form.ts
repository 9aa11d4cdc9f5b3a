import { MESSAGE_MAX_LENGTH } from '$server/conversations/vocabulary';
import type { ContactMessageBody } from '$lib/api/client';
import type { Lang, Translate } from '$lib/i18n/i18n';
import { aboutYouBody, aboutYouValues, type AboutYouValues } from './about-you-form';
import { formatCount, inFieldOrder, isEmailAddress, isProviderSlug, topicOf } from './contact-forms';
import { text, type FormErrors } from './forms';
import { languageBody, languageValue } from './guidance-languages';

export interface WriteToUsValues {
  name: string;
  email: string;
  /** The language to be answered in: the page's unless another was chosen. */
  language: string;
  topic: string;
  provider: string;
  message: string;
  consent: boolean;
  /** The optional "about you" choices. */
  about: AboutYouValues;
}

/** The fields top to bottom: the order of the error summary. */
export const writeToUsFields = [
  'name',
  'email',
  'language',
  'topic',
  'provider',
  'message',
  'consent',
] as const;

export function writeToUsValues(form: FormData, lang: Lang): WriteToUsValues {
  return {
    name: text(form, 'name').slice(0, 50),
    email: text(form, 'email'),
    language: languageValue(form, lang),
    topic: text(form, 'topic'),
    provider: text(form, 'provider'),
    // Browsers send line breaks as CRLF; the length limit counts them as one character.
    message: text(form, 'message').replace(/\r\n/g, '\n'),
    consent: form.get('consent') === 'yes',
    about: aboutYouValues(form),
  };
}

export const messageTooLong = (t: Translate, lang: Lang) =>
  t('write.error.message_too_long', { max: formatCount(MESSAGE_MAX_LENGTH, lang) });

/** The message to send, or what the visitor must fix first, every problem at once. */
export function checkWriteToUs(
  values: WriteToUsValues,
  t: Translate,
  lang: Lang,
): { body: ContactMessageBody } | { errors: FormErrors } {
  const errors: FormErrors = {};
  if (!values.email) errors.email = t('contact_form.error.email_missing');
  else if (!isEmailAddress(values.email)) errors.email = t('contact_form.error.email_invalid');
  const topic = topicOf(values.topic);
  if (!topic) errors.topic = t('contact_form.error.topic');
  if (values.provider && !isProviderSlug(values.provider)) errors.provider = t('contact_form.error.provider');
  if (!values.message) errors.message = t('write.error.message_missing');
  else if (values.message.length > MESSAGE_MAX_LENGTH) errors.message = messageTooLong(t, lang);
  if (!values.consent) errors.consent = t('contact_form.error.consent');
  if (Object.keys(errors).length > 0 || !topic) return { errors: inFieldOrder(errors, writeToUsFields) };
  return {
    body: {
      lang,
      ...(values.name ? { name: values.name } : {}),
      email: values.email,
      ...languageBody(values.language, lang),
      topic,
      ...(values.provider ? { provider: values.provider } : {}),
      message: values.message,
      consent: true,
      ...aboutYouBody(values.about),
    },
  };
}
