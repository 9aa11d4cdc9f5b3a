/* Inbox rows as the console gets them: one list item, and a call-back's details. */
import type { CallbackDetails, InboxListItem } from './inbox.types.js';
import { presentConversationSummary } from '../../conversations/staff-view.js';
import type { InboxListRow } from './inbox-list.repository.js';

/** Call-back details as stored in a conversation's `details` (older ones have no attempts). */
export type StoredCallback = Omit<CallbackDetails, 'attempts'> & { attempts?: CallbackDetails['attempts'] };

/** A call-back's details with its attempts always a list; null when there is no call-back. */
export function presentCallback(callback: StoredCallback | undefined): CallbackDetails | null {
  return callback ? { ...callback, attempts: callback.attempts ?? [] } : null;
}

const iso = (d: Date | null | undefined) => (d ? new Date(d).toISOString() : null);

/** One row of the unified inbox list. */
export function presentInboxListItem(row: InboxListRow): InboxListItem {
  const details = row.details as {
    firstName?: string | null;
    origin?: string;
    callback?: StoredCallback;
  };
  return {
    ...presentConversationSummary(row),
    clientName: row.client_first_name ?? details.firstName ?? null,
    clientEmail: row.client_email ?? null,
    clientPhone: row.client_phone ?? null,
    preview: (row.preview ?? '').replace(/\s+/g, ' ').trim().slice(0, 160),
    firstResponseSeconds: row.first_response_at
      ? Math.max(
          0,
          Math.round((new Date(row.first_response_at).getTime() - new Date(row.created_at).getTime()) / 1000),
        )
      : null,
    waitingSince: iso(row.waiting_since),
    dueAt: iso(row.due_at),
    callback: presentCallback(details.callback),
    mailFailed: !!row.mail_failed,
    origin: details.origin ?? null,
  };
}
