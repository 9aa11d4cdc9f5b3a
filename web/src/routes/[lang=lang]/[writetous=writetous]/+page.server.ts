import { error, fail, redirect } from '@sveltejs/kit';
import { CHAT_RETENTION_DAYS, MESSAGE_MAX_LENGTH } from '$server/conversations/vocabulary';
import { writeToUsSegment, writeToUsUrl } from '$server/shared/urls/contact-form-urls';
import { createApi } from '$lib/api/client';
import { translator, type Lang } from '$lib/i18n/i18n';
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
import {
  checkWriteToUs,
  messageTooLong,
  writeToUsFields,
  writeToUsValues,
} from '$lib/server/write-to-us-form';
import type { Actions, PageServerLoad } from './$types';

export const csr = false;

export const load: PageServerLoad = async ({ fetch, params, url }) => {
  const lang = params.lang as Lang;
  if (params.writetous !== writeToUsSegment[lang]) error(404, { message: 'Not found' });
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
    /** "About you" values the API left out, named on the confirmation. */
    warnings: sent ? knownWarnings(url.searchParams.getAll('warning')) : [],
    aboutOptions,
    languages,
    topics: topicChoices(translator(lang)),
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
    // Only bots fill the hidden field: they are told it went through, and nothing is stored.
    if (text(form, TRAP_FIELD)) redirect(303, `${writeToUsUrl(lang)}?sent=1`);
    const values = writeToUsValues(form, lang);
    const checked = checkWriteToUs(values, t, lang);
    if ('errors' in checked) return fail(400, { values, errors: checked.errors });

    const result = await createApi(fetch).sendContactMessage(checked.body);
    if (!result.ok) {
      const errors = contactApiErrors(result.status, result.error, t, { message: messageTooLong(t, lang) });
      return fail(failureStatus(result.status), { values, errors: inFieldOrder(errors, writeToUsFields) });
    }
    // The confirmation names the "about you" values that were left out (the message went through).
    const sent = new URLSearchParams({ sent: '1' });
    for (const code of warningCodesOf(result.data.warnings)) sent.append('warning', code);
    redirect(303, `${writeToUsUrl(lang)}?${sent}`);
  },
};
