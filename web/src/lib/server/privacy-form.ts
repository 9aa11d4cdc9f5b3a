import type { IdentifierKind, PersonRequest } from '$lib/api/privacy';
import { text } from './forms';

/** The identifier fields of the privacy page, in the order shown, with the API's kinds. */
export const identifierFields: readonly IdentifierKind[] = [
  'email',
  'phone',
  'reply',
  'booking',
  'browser_key',
];

export interface PrivacyFormValues {
  identifiers: Record<IdentifierKind, string>;
  reason: string;
}

/** The identifiers and reason a privacy form sent (search, export, erase all carry them). */
export function privacyValues(form: FormData): PrivacyFormValues {
  const identifiers = Object.fromEntries(identifierFields.map((kind) => [kind, text(form, kind)])) as Record<
    IdentifierKind,
    string
  >;
  return { identifiers, reason: text(form, 'reason') };
}

/** The API request: the filled-in identifiers only. */
export function personRequest(values: PrivacyFormValues): PersonRequest {
  return {
    identifiers: identifierFields
      .filter((kind) => values.identifiers[kind] !== '')
      .map((kind) => ({ kind, value: values.identifiers[kind] })),
    reason: values.reason,
  };
}

/** The API names a field `identifiers.<n>.value`: the form's field is the n-th filled-in kind. */
export function identifierFieldNames(values: PrivacyFormValues): Record<string, string> {
  const filled = identifierFields.filter((kind) => values.identifiers[kind] !== '');
  return Object.fromEntries(filled.map((kind, index) => [`identifiers.${index}.value`, kind]));
}

/** Who may use the privacy pages: admins and those granted the duty (the API checks again). */
export const handlesPrivacy = (staff: App.Locals['staff']) =>
  !!staff && (staff.role === 'admin' || staff.grants.includes('privacy'));
