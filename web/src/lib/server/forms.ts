import type { ApiErrorBody } from '$lib/api/client';
import { errorMessage, type Translate } from '$lib/i18n/i18n';

/** Field name → message shown under that field; `_form` for the form as a whole. */
export type FormErrors = Record<string, string>;

export function text(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value.trim() : '';
}

/** A string value, or null when the field was left empty. */
export function optionalText(form: FormData, name: string): string | null {
  return text(form, name) || null;
}

export function list(form: FormData, name: string): string[] {
  return form.getAll(name).filter((value): value is string => typeof value === 'string' && value !== '');
}

/** "fi, sv,EN" → ["fi", "sv", "en"] */
export function languageCodes(value: string): string[] {
  return [
    ...new Set(
      value
        .split(/[\s,;]+/)
        .map((code) => code.trim().toLowerCase())
        .filter(Boolean),
    ),
  ];
}

/**
 * Turns an API error into form errors: field errors go under their field (by the form's
 * field naming), everything else becomes one translated message for the form.
 */
export function apiFormErrors(
  error: ApiErrorBody,
  t: Translate,
  fieldNames: Record<string, string> = {},
): FormErrors {
  const errors: FormErrors = {};
  const fields =
    error.details?.fields ?? (error.details?.field ? [{ field: error.details.field, message: '' }] : []);
  for (const { field } of fields) {
    const formField = fieldNames[field] ?? field;
    errors[formField] =
      error.code === 'request.invalid' ? t('error.field.invalid') : errorMessage(t, error.code);
  }
  let message = errorMessage(t, error.code);
  if (error.code === 'auth.too_many_attempts') {
    message = t('error.auth.too_many_attempts', {
      minutes: Math.max(1, Math.ceil((error.details?.retryAfterSeconds ?? 60) / 60)),
    });
  }
  errors._form = message;
  return errors;
}
