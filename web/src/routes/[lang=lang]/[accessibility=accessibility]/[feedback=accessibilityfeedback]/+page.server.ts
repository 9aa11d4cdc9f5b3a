import { error, fail, redirect } from '@sveltejs/kit';
import { CHAT_RETENTION_DAYS, MESSAGE_MAX_LENGTH } from '$server/conversations/vocabulary';
import {
  accessibilityFeedbackSegment,
  accessibilityFeedbackUrl,
  legalSegment,
} from '$server/shared/urls/legal-urls';
import { createLegalApi } from '$lib/api/legal';
import { translator, type Lang } from '$lib/i18n/i18n';
import {
  accessibilityFeedbackFields,
  accessibilityFeedbackValues,
  checkAccessibilityFeedback,
  pageTooLong,
  PAGE_MAX_LENGTH,
  problemTooLong,
} from '$lib/server/accessibility-feedback-form';
import {
  contactApiErrors,
  failureStatus,
  formatCount,
  inFieldOrder,
  TRAP_FIELD,
} from '$lib/server/contact-forms';
import { text } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

export const csr = false;

export const load: PageServerLoad = async ({ params, url }) => {
  const lang = params.lang as Lang;
  if (
    params.accessibility !== legalSegment.accessibility[lang] ||
    params.feedback !== accessibilityFeedbackSegment[lang]
  ) {
    error(404, { message: 'Not found' });
  }
  const sent = url.searchParams.get('sent') === '1';
  const willReply = sent && url.searchParams.get('reply') === '1';
  const query = sent ? `?sent=1${willReply ? '&reply=1' : ''}` : '';
  return {
    sent,
    willReply,
    pageMaxLength: PAGE_MAX_LENGTH,
    problemMaxLength: MESSAGE_MAX_LENGTH,
    problemMaxLabel: formatCount(MESSAGE_MAX_LENGTH, lang),
    retentionDays: CHAT_RETENTION_DAYS,
    alternates: (['fi', 'sv', 'en'] as const).map((l) => ({
      hreflang: l,
      href: `${accessibilityFeedbackUrl(l)}${query}`,
    })),
  };
};

export const actions: Actions = {
  default: async ({ request, fetch, params }) => {
    const lang = params.lang as Lang;
    const t = translator(lang);
    const form = await request.formData();
    const thanks = accessibilityFeedbackUrl(lang);
    // Only bots fill the hidden field: they are told it went through, and nothing is stored.
    if (text(form, TRAP_FIELD)) redirect(303, `${thanks}?sent=1`);
    const values = accessibilityFeedbackValues(form);
    const checked = checkAccessibilityFeedback(values, t, lang);
    if ('errors' in checked) return fail(400, { values, errors: checked.errors });

    const result = await createLegalApi(fetch).sendAccessibilityFeedback(checked.body);
    if (!result.ok) {
      const errors = contactApiErrors(result.status, result.error, t, {
        page: pageTooLong(t, lang),
        problem: problemTooLong(t, lang),
      });
      return fail(failureStatus(result.status), {
        values,
        errors: inFieldOrder(errors, accessibilityFeedbackFields),
      });
    }
    redirect(303, `${thanks}?sent=1${values.email ? '&reply=1' : ''}`);
  },
};
