import type { InboxListItem } from '$lib/api/inbox';

/** An email unanswered for longer than this is shown as late. */
export const EMAIL_LATE_AFTER_MS = 24 * 60 * 60 * 1000;

export interface ItemTiming {
  /** Seconds to the first reply, or null while nobody has answered. */
  firstResponseSeconds: number | null;
  /** How long the client's unanswered message has waited. */
  waiting: { seconds: number; late: boolean } | null;
  /** Call-backs: when to call, and whether that time has passed. */
  due: { at: string; overdue: boolean } | null;
}

/**
 * What the list says about the time an item has taken: its first response, and for open items
 * how long the client has waited (late after a day for email) or when to call back (late once due).
 */
export function itemTiming(item: InboxListItem, now: number): ItemTiming {
  const isOpen = item.status !== 'closed';
  const waitedMs = item.waitingSince && isOpen ? Math.max(0, now - Date.parse(item.waitingSince)) : null;
  return {
    firstResponseSeconds: item.firstResponseSeconds,
    waiting:
      waitedMs === null
        ? null
        : {
            seconds: Math.floor(waitedMs / 1000),
            late: item.channel === 'email' && waitedMs > EMAIL_LATE_AFTER_MS,
          },
    due: item.dueAt && isOpen ? { at: item.dueAt, overdue: Date.parse(item.dueAt) < now } : null,
  };
}
