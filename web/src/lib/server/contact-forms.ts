import { chatTopics, type ChatTopic } from '$server/conversations/vocabulary';
import type { ApiErrorBody, OrganisationView } from '$lib/api/client';
import type { Lang, Translate } from '$lib/i18n/i18n';
import type { FormErrors } from './forms';

/** The name of the hidden field that only bots fill in (see TrapField.svelte). */
export const TRAP_FIELD = 'website';

export interface Choice {
  value: string;
  label: string;
}

/** The topics a client can choose, worded for clients as in the chat widget, in its order. */
export function topicChoices(t: Translate): Choice[] {
  return chatTopics.map((topic) => ({ value: topic, label: t(`contact_form.topic.${topic}`) }));
}

/** The topic a form sent, if it is one. */
export const topicOf = (value: string): ChatTopic | undefined => chatTopics.find((topic) => topic === value);

/** The member providers by their names in the page language, for "which provider is this about". */
export function providerChoices(organisations: OrganisationView[], lang: Lang): Choice[] {
  return organisations
    .map((o) => ({ value: o.slug, label: o.name[lang] ?? o.name.fi }))
    .sort((a, b) => a.label.localeCompare(b.label, lang));
}

/** A provider slug as the API knows them; anything else is dropped before it is sent. */
export const isProviderSlug = (value: string) => /^[a-z0-9]+(-[a-z0-9]+)*$/.test(value) && value.length <= 60;

/** A plausible address; the API has the final word and its answer lands on the same field. */
export const isEmailAddress = (value: string) =>
  value.length <= 200 && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value);

/** A count as the page language writes it: 4 000 in Finnish and Swedish, 4,000 in English. */
export const formatCount = (n: number, lang: Lang) => new Intl.NumberFormat(lang).format(n);

/** The same errors in the order of the form's fields, so the summary reads top to bottom. */
export function inFieldOrder(errors: FormErrors, order: readonly string[]): FormErrors {
  const rank = (field: string) => (field === '_form' ? -1 : order.indexOf(field) + 1 || order.length + 1);
  return Object.fromEntries(Object.entries(errors).sort(([a], [b]) => rank(a) - rank(b)));
}

const phoneCodes = [
  'phone.missing',
  'phone.invalid_characters',
  'phone.country_code_missing',
  'phone.wrong_length',
  'phone.invalid',
] as const;

/** The helpful message for a phone number refused with `code` (phone.wrong_length…). */
export function phoneMessage(t: Translate, code: string): string {
  const known = phoneCodes.find((c) => c === code);
  return t(`callback.error.${known ?? 'phone.invalid'}`);
}

/** The page's status for a refused request: the limit, the service down, or the visitor's input. */
export const failureStatus = (status: number) => (status === 429 ? 429 : status >= 500 ? 503 : 400);

/** API field → the form's field and the message for it, whatever the API's own text says. */
const fieldMessages: Record<string, { field: string; message: (t: Translate, code: string) => string }> = {
  phone: { field: 'phone', message: phoneMessage },
  email: { field: 'email', message: (t) => t('contact_form.error.email_invalid') },
  topic: { field: 'topic', message: (t) => t('contact_form.error.topic') },
  provider: { field: 'provider', message: (t) => t('contact_form.error.provider') },
  consent: { field: 'consent', message: (t) => t('contact_form.error.consent') },
  language: { field: 'language', message: (t) => t('error.language.not_offered') },
  'window.date': { field: 'date', message: (t) => t('callback.error.day_out_of_range') },
  'window.from': { field: 'from', message: (t) => t('callback.error.from_missing') },
  'window.to': { field: 'to', message: (t) => t('callback.error.to_before_from') },
  window: { field: 'to', message: (t) => t('callback.error.to_before_from') },
};

/**
 * A refused contact form as errors on the form: field errors under their fields with the
 * client's words for them, a rate limit or an unreachable service as one message on top.
 * `ownFields` gives the messages of a form's own fields (the message, the note).
 */
export function contactApiErrors(
  status: number,
  error: ApiErrorBody,
  t: Translate,
  ownFields: Record<string, string> = {},
): FormErrors {
  if (status === 429 || error.code === 'rate_limited' || error.code === 'request.rate_limited') {
    return { _form: t('contact_form.error.rate_limited') };
  }
  if (error.code.endsWith('provider_not_found')) return { provider: t('contact_form.error.provider') };
  // Nobody guides in the chosen language any more (a stale page): the choice is the thing to change.
  if (error.code === 'language.not_offered') return { language: t('error.language.not_offered') };
  const errors: FormErrors = {};
  if (status === 400) {
    for (const { field, message } of error.details?.fields ?? []) {
      const known = fieldMessages[field];
      if (known) errors[known.field] = known.message(t, message);
      else if (ownFields[field]) errors[field] = ownFields[field];
      else if (field === 'name') errors.name = t('error.field.invalid');
    }
  }
  if (Object.keys(errors).length === 0) {
    errors._form = status === 400 ? t('error.request.invalid') : t('contact_form.error.unavailable');
  }
  return errors;
}
