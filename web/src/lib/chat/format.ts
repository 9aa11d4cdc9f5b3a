import type { MessageKey, Translate } from '$lib/i18n/i18n';

/** Elapsed time as m:ss or h:mm:ss, e.g. a queued chat's waiting time. */
export function formatElapsed(fromIso: string, now: number): string {
  const total = Math.max(0, Math.floor((now - Date.parse(fromIso)) / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  return hours ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
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
  'card.unknown': 'console_cards.error.unknown',
};

/**
 * A refused request of the chat console in words: by its code when the UI knows it, otherwise by
 * its HTTP status. The inbox's pages fall back on it too (lib/inbox/format.ts).
 */
export function chatErrorText(t: Translate, error: { code: string; status?: number }): string {
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
