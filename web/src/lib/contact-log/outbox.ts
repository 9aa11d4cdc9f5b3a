import type { ApiResult } from '$lib/api/client';
import type { ContactLogBody, ContactLogSaved } from '$lib/api/contact-log';

/**
 * The device's queue of contact-log entries not yet confirmed by the server. Every entry is
 * written here before it is sent, so a lost connection, a failed request or a reload of the
 * page loses nothing; the entry's clientRef makes sending it again harmless (the server
 * stores it once). Kept in localStorage under the signed-in person's id, so entries are only
 * ever sent with the session of the person who logged them.
 */
export interface QueuedEntry {
  body: ContactLogBody & { clientRef: string; occurredAt: string };
  queuedAt: string;
}

const PREFIX = 'opintori.contactLog.outbox.';
/** The server refuses entries older than this (see OCCURRED_MAX_AGE_MS). */
export const MAX_AGE_MS = 7 * 86_400_000;

export class Outbox {
  private memory: QueuedEntry[] = [];
  private readonly key: string;

  constructor(
    private readonly storage: Storage | undefined,
    staffId: string,
  ) {
    this.key = PREFIX + staffId;
  }

  list(): QueuedEntry[] {
    if (!this.storage) return [...this.memory];
    try {
      const raw = this.storage.getItem(this.key);
      const parsed: unknown = raw ? JSON.parse(raw) : [];
      return Array.isArray(parsed) ? (parsed as QueuedEntry[]).filter((e) => e?.body?.clientRef) : [];
    } catch {
      return [...this.memory];
    }
  }

  private write(entries: QueuedEntry[]): void {
    this.memory = entries;
    if (!this.storage) return;
    try {
      if (entries.length) this.storage.setItem(this.key, JSON.stringify(entries));
      else this.storage.removeItem(this.key);
    } catch {
      // Storage full or blocked: the entries stay in memory for as long as the page is open.
    }
  }

  add(entry: QueuedEntry): void {
    const entries = this.list().filter((e) => e.body.clientRef !== entry.body.clientRef);
    this.write([...entries, entry]);
  }

  remove(clientRef: string): void {
    this.write(this.list().filter((e) => e.body.clientRef !== clientRef));
  }
}

/** What to do with an entry after one attempt to send it. */
export type Verdict =
  | { kind: 'sent'; saved: ContactLogSaved }
  | { kind: 'retry' }
  | { kind: 'wait'; seconds: number }
  | { kind: 'signed_out' }
  | { kind: 'drop'; code: string; fieldCode?: string };

/**
 * Network failures, server errors and a conflict are tried again; a rate limit waits as told;
 * an ended session waits for a new sign-in; any other refusal will never succeed, so the entry
 * is dropped and the person told why.
 */
export function verdictOf(result: ApiResult<ContactLogSaved>): Verdict {
  if (result.ok) return { kind: 'sent', saved: result.data };
  if (result.status === 429) {
    return { kind: 'wait', seconds: Math.max(1, result.error.details?.retryAfterSeconds ?? 30) };
  }
  if (result.status === 401) return { kind: 'signed_out' };
  const conflict = result.status === 409 && result.error.code === 'contact_log.conflict';
  if (result.status >= 500 || result.status === 408 || conflict) return { kind: 'retry' };
  const fieldCode = result.error.details?.fields?.[0]?.message;
  return { kind: 'drop', code: result.error.code, ...(fieldCode ? { fieldCode } : {}) };
}

/** Seconds before the next automatic attempt after `failures` failed rounds: 5 s doubling to 5 min. */
export function backoffSeconds(failures: number): number {
  return Math.min(300, 5 * 2 ** Math.max(0, failures - 1));
}
