import { fi } from '$lib/i18n/messages/fi';
import type { MessageKey, Translate } from '$lib/i18n/i18n';

/** Elapsed time as m:ss or h:mm:ss, e.g. a queued chat's waiting time. */
export function formatElapsed(fromIso: string, now: number): string {
  const total = Math.max(0, Math.floor((now - Date.parse(fromIso)) / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  return hours ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}

/** A label from the catalogue for a code (topic, outcome, event), or the code itself when unknown. */
export function codeLabel(t: Translate, prefix: string, code: string | null | undefined): string {
  if (!code) return '';
  const key = `${prefix}.${code}`;
  return key in fi ? t(key as MessageKey) : code;
}

/** A time of day in Helsinki, for message lines. */
export function formatTime(iso: string, lang: string): string {
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : lang, {
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'Europe/Helsinki',
  }).format(new Date(iso));
}

const errorKeys: Record<string, MessageKey> = {
  'auth.forbidden': 'inbox.error.forbidden',
  'conversation.not_assigned': 'inbox.error.forbidden',
  'conversation.already_taken': 'inbox.error.conflict',
  'conversation.changed': 'inbox.error.conflict',
  'conversation.closed': 'inbox.error.closed',
  'conversation.not_found': 'inbox.error.not_found',
  'transfer.target_not_found': 'inbox.error.not_found',
  'transfer.same_person': 'inbox.error.same_person',
  'chat.at_capacity': 'inbox.error.at_capacity',
  'message.too_long': 'inbox.error.too_long',
  rate_limited: 'inbox.error.rate_limited',
  'request.rate_limited': 'inbox.error.rate_limited',
  'request.invalid': 'inbox.error.validation',
};

/** A refused request in words: by its code when the UI knows it, otherwise by its HTTP status. */
export function inboxErrorText(t: Translate, error: { code: string; status?: number }): string {
  const key = errorKeys[error.code];
  if (key) return t(key);
  switch (error.status) {
    case 400:
      return t('inbox.error.validation');
    case 403:
      return t('inbox.error.forbidden');
    case 404:
      return t('inbox.error.not_found');
    case 409:
      return t('inbox.error.conflict');
    default:
      return t('inbox.error.generic');
  }
}
