import { fi } from '$lib/i18n/messages/fi';
import { errorMessage, type MessageKey, type Translate } from '$lib/i18n/i18n';
import type { ContactLogBody } from '$lib/api/contact-log';

/** The "where" choice of an incoming phone call: logged as a phone conversation. */
export const INCOMING_CALL = 'phone';

/** The log form's values, the same with and without JavaScript. */
export interface ContactLogFormValues {
  event: string;
  topics: string[];
  outcome: string;
  language: string;
  ageBand: string;
  situation: string;
  /** The client's home municipality (a Statistics Finland code), '' when not given. */
  municipality: string;
  followUp: boolean;
  consent: boolean;
  email: string;
  phone: string;
}

/**
 * The entry a form describes, or the first thing to fix. Contact details typed in mean a
 * follow-up is wanted, and a follow-up needs the client's consent and an email or a phone.
 */
export function entryFromValues(
  values: ContactLogFormValues,
  clientRef: string,
  occurredAt?: string,
): { body: ContactLogBody } | { error: MessageKey; field: string } {
  if (values.topics.length === 0) return { error: 'contact_log.choose_topic', field: 'topics' };
  const email = values.email.trim();
  const phone = values.phone.trim();
  const followUp = values.followUp || !!email || !!phone;
  if (followUp && !values.consent) return { error: 'contact_log.consent_required', field: 'consent' };
  if (followUp && !email && !phone) return { error: 'contact_log.contact_required', field: 'email' };
  return {
    body: {
      clientRef,
      ...(occurredAt ? { occurredAt } : {}),
      // "phone" is the form's choice for an incoming call, which is at no event.
      channel: values.event === INCOMING_CALL ? 'phone' : 'in_person',
      eventId: values.event && values.event !== INCOMING_CALL ? values.event : null,
      topics: values.topics as ContactLogBody['topics'],
      language: values.language,
      outcome: values.outcome as ContactLogBody['outcome'],
      ageBand: (values.ageBand || null) as ContactLogBody['ageBand'],
      situation: (values.situation || null) as ContactLogBody['situation'],
      municipality: values.municipality || null,
      followUp: followUp ? { consent: true, email, phone } : null,
    },
  };
}

/** Why the server refused an entry, in words: the field's reason when the UI knows it. */
export function refusalText(t: Translate, code: string, fieldCode?: string): string {
  if (fieldCode) {
    for (const key of [`error.${fieldCode}`, `callback.error.${fieldCode}`]) {
      if (key in fi) return t(key as MessageKey);
    }
  }
  return errorMessage(t, code);
}
