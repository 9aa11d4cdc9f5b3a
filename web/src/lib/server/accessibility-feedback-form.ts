import { MESSAGE_MAX_LENGTH } from '$server/conversations/vocabulary';
import type { AccessibilityFeedbackBody } from '$lib/api/legal';
import type { Lang, Translate } from '$lib/i18n/i18n';
import { formatCount, inFieldOrder, isEmailAddress } from './contact-forms';
import { text, type FormErrors } from './forms';

/** The longest answer to "which page or part of the service" (as the API takes it). */
export const PAGE_MAX_LENGTH = 300;

export interface AccessibilityFeedbackValues {
  page: string;
  problem: string;
  email: string;
  consent: boolean;
}

/** The fields top to bottom: the order of the error summary. */
export const accessibilityFeedbackFields = ['page', 'problem', 'email', 'consent'] as const;

export function accessibilityFeedbackValues(form: FormData): AccessibilityFeedbackValues {
  return {
    // One line: a pasted line break or tab becomes a space rather than an error.
    page: text(form, 'page').replace(/\s+/g, ' '),
    // Browsers send line breaks as CRLF; the length limit counts them as one character.
    problem: text(form, 'problem').replace(/\r\n/g, '\n'),
    email: text(form, 'email'),
    consent: form.get('consent') === 'yes',
  };
}

export const problemTooLong = (t: Translate, lang: Lang) =>
  t('a11y_feedback.error.problem_too_long', { max: formatCount(MESSAGE_MAX_LENGTH, lang) });
export const pageTooLong = (t: Translate, lang: Lang) =>
  t('a11y_feedback.error.page_too_long', { max: formatCount(PAGE_MAX_LENGTH, lang) });

/**
 * The feedback to send, or what the person must fix first, every problem at once. The address
 * is optional; given, it needs the consent to be stored for the reply.
 */
export function checkAccessibilityFeedback(
  values: AccessibilityFeedbackValues,
  t: Translate,
  lang: Lang,
): { body: AccessibilityFeedbackBody } | { errors: FormErrors } {
  const errors: FormErrors = {};
  if (!values.page) errors.page = t('a11y_feedback.error.page_missing');
  else if (values.page.length > PAGE_MAX_LENGTH) errors.page = pageTooLong(t, lang);
  if (!values.problem) errors.problem = t('a11y_feedback.error.problem_missing');
  else if (values.problem.length > MESSAGE_MAX_LENGTH) errors.problem = problemTooLong(t, lang);
  if (values.email && !isEmailAddress(values.email)) errors.email = t('contact_form.error.email_invalid');
  if (values.email && !values.consent) errors.consent = t('a11y_feedback.error.consent');
  if (Object.keys(errors).length > 0) return { errors: inFieldOrder(errors, accessibilityFeedbackFields) };
  return {
    body: {
      lang,
      page: values.page,
      problem: values.problem,
      ...(values.email ? { email: values.email, consent: true } : {}),
    },
  };
}
