import type { ApiErrorBody } from '$lib/api/client';
import type { RegistrationBody } from '$lib/api/events';
import { errorMessage, type Lang, type Translate } from '$lib/i18n/i18n';
import { isEmailAddress } from './contact-forms';
import { text, type FormErrors } from './forms';

/** The public registration form of a group session, as typed. */
export interface RegistrationFormValues {
  email: string;
  language: string;
  consent: boolean;
}

/** The form's fields in their order on the page, for the error summary. */
export const registrationFields = ['email', 'language', 'consent'] as const;

export function registrationFormValues(form: FormData): RegistrationFormValues {
  return {
    email: text(form, 'email'),
    language: text(form, 'language'),
    consent: text(form, 'consent') === 'yes',
  };
}

/** Checks what the form can tell by itself; the API checks the rest (the session's state). */
export function checkRegistrationForm(
  values: RegistrationFormValues,
  languages: string[],
  lang: Lang,
  t: Translate,
): { errors: FormErrors } | { body: RegistrationBody } {
  const errors: FormErrors = {};
  if (!isEmailAddress(values.email)) errors.email = t('registration.error.email');
  if (!languages.includes(values.language)) errors.language = t('registration.error.language');
  if (!values.consent) errors.consent = t('error.registration.consent_required');
  if (Object.keys(errors).length > 0) return { errors };
  return { body: { email: values.email, language: values.language, lang, consent: true } };
}

/** Which field an API refusal belongs to: the person can fix these; the rest are the session's. */
const fieldOfCode: Record<string, string> = {
  'registration.consent_required': 'consent',
  'registration.language_not_offered': 'language',
};

/** A refused registration as form errors: under its field where it has one, else for the form. */
export function registrationApiErrors(error: ApiErrorBody, t: Translate): FormErrors {
  const field = fieldOfCode[error.code];
  if (field) return { [field]: errorMessage(t, error.code) };
  const fields = error.details?.fields ?? [];
  // The API's own check of the address (validation.failed or request.invalid, field `email`).
  if (fields.some((f) => f.field === 'email') || error.code === 'validation.failed') {
    return { email: t('registration.error.email') };
  }
  return { _form: errorMessage(t, error.code) };
}
