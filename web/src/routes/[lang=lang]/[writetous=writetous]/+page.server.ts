import { error, fail, redirect } from '@sveltejs/kit';
import { CHAT_RETENTION_DAYS, MESSAGE_MAX_LENGTH } from '$server/features/conversations/chat-vocabulary';
import { writeToUsSegment, writeToUsUrl } from '$server/features/conversations/contact-form-urls';
import { createApi } from '$lib/api/client';
import { translator, type Lang } from '$lib/i18n/i18n';
import {
  contactApiErrors,
  formatCount,
  inFieldOrder,
  isEmailAddress,
  isProviderSlug,
  isTopic,
  providerChoices,
  topicChoices,
  TRAP_FIELD,
} from '$lib/server/contact-forms';
import { text, type FormErrors } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

export const csr = false;

const fieldOrder = ['name', 'email', 'topic', 'provider', 'message', 'consent'] as const;

export const load: PageServerLoad = async ({ fetch, params, url }) => {
  const lang = params.lang as Lang;
  if (params.writetous !== writeToUsSegment[lang]) error(404, { message: 'Not found' });
  const sent = url.searchParams.get('sent') === '1';
  const organisations = sent ? null : await createApi(fetch).listOrganisations();
  const t = translator(lang);
  return {
    sent,
    topics: topicChoices(t),
    providers: organisations?.ok ? providerChoices(organisations.data.items, lang) : [],
    messageMaxLength: MESSAGE_MAX_LENGTH,
    messageMaxLabel: formatCount(MESSAGE_MAX_LENGTH, lang),
    retentionDays: CHAT_RETENTION_DAYS,
    alternates: (['fi', 'sv', 'en'] as const).map((l) => ({
      hreflang: l,
      href: `${writeToUsUrl(l)}${sent ? '?sent=1' : ''}`,
    })),
  };
};

export const actions: Actions = {
  default: async ({ request, fetch, params }) => {
    const lang = params.lang as Lang;
    const t = translator(lang);
    const form = await request.formData();
    const values = {
      name: text(form, 'name').slice(0, 50),
      email: text(form, 'email'),
      topic: text(form, 'topic'),
      provider: text(form, 'provider'),
      // Browsers send line breaks as CRLF; the length limit counts them as one character.
      message: text(form, 'message').replace(/\r\n/g, '\n'),
    };
    const consent = form.get('consent') === 'yes';
    // Only bots fill the hidden field: they are told it went through, and nothing is stored.
    if (text(form, TRAP_FIELD)) redirect(303, `${writeToUsUrl(lang)}?sent=1`);

    const errors: FormErrors = {};
    if (!values.email) errors.email = t('contact_form.error.email_missing');
    else if (!isEmailAddress(values.email)) errors.email = t('contact_form.error.email_invalid');
    if (!isTopic(values.topic)) errors.topic = t('contact_form.error.topic');
    if (values.provider && !isProviderSlug(values.provider))
      errors.provider = t('contact_form.error.provider');
    if (!values.message) errors.message = t('write.error.message_missing');
    else if (values.message.length > MESSAGE_MAX_LENGTH) {
      errors.message = t('write.error.message_too_long', { max: formatCount(MESSAGE_MAX_LENGTH, lang) });
    }
    if (!consent) errors.consent = t('contact_form.error.consent');
    if (Object.keys(errors).length > 0) {
      return fail(400, { values, consent, errors: inFieldOrder(errors, fieldOrder) });
    }

    const result = await createApi(fetch).sendContactMessage({
      lang,
      ...(values.name ? { name: values.name } : {}),
      email: values.email,
      topic: values.topic,
      ...(values.provider ? { provider: values.provider } : {}),
      message: values.message,
      consent: true,
    });
    if (!result.ok) {
      const apiErrors = contactApiErrors(result.status, result.error, t, {
        message: t('write.error.message_too_long', { max: formatCount(MESSAGE_MAX_LENGTH, lang) }),
      });
      return fail(result.status === 429 ? 429 : result.status >= 500 ? 503 : 400, {
        values,
        consent,
        errors: inFieldOrder(apiErrors, fieldOrder),
      });
    }
    redirect(303, `${writeToUsUrl(lang)}?sent=1`);
  },
};
