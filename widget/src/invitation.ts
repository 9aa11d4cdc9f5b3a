// The proactive chat invitation (docs/outreach.md), drawn by the loader above the launcher.
// The service says which rule fits this page when a counsellor is free; after the visitor has
// spent the rule's delay on the page with the tab visible, a small card offers the chat. Once
// per rule in `everyDays`, remembered in localStorage: without storage, nobody is invited.

interface Rule {
  id: string;
  delaySeconds: number;
  everyDays: number;
  message: string;
}

const DAY_MS = 86_400_000;

/** The last time each rule invited this browser; null when storage cannot be used. */
function seen(key: string): Record<string, number> | null {
  try {
    const value: unknown = JSON.parse(localStorage.getItem(key) || '{}');
    return value && typeof value === 'object' ? (value as Record<string, number>) : {};
  } catch {
    return null;
  }
}

async function rule(url: string): Promise<Rule | null> {
  try {
    const response = await fetch(url, { credentials: 'omit' });
    return response.status === 200 ? ((await response.json()) as Rule) : null;
  } catch {
    return null;
  }
}

/** Resolves after `ms` of the page being visible (hidden time does not count). */
function visibleFor(ms: number): Promise<void> {
  return new Promise((resolve) => {
    let left = ms;
    let since = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const change = (): void => {
      clearTimeout(timer);
      if (since) left -= Date.now() - since;
      since = 0;
      if (document.visibilityState !== 'visible') return;
      since = Date.now();
      timer = setTimeout(() => {
        document.removeEventListener('visibilitychange', change);
        resolve();
      }, left);
    };
    document.addEventListener('visibilitychange', change);
    change();
  });
}

/**
 * Waits for the invitation of this page and returns it once it is due, or null. `busy` says
 * whether the visitor has the chat open or a conversation going on (then no invitation).
 */
export async function dueInvitation(origin: string, lang: string, busy: () => boolean): Promise<Rule | null> {
  const key = `opintori-invite:${origin}`;
  const url = `${origin}/api/v1/chat/invitation?lang=${lang}&path=${encodeURIComponent(location.pathname)}`;
  const first = seen(key);
  const found = first && (await rule(url));
  if (!found || Date.now() - (first[found.id] ?? 0) < found.everyDays * DAY_MS) return null;
  await visibleFor(found.delaySeconds * 1000);
  // Still free? (The counsellor may have taken chats meanwhile.)
  const current = !busy() && (await rule(url));
  const latest = seen(key);
  if (!current || !latest || busy()) return null;
  try {
    localStorage.setItem(key, JSON.stringify({ ...latest, [current.id]: Date.now() }));
  } catch {
    return null;
  }
  return current;
}

/** Counts shown / accepted / dismissed; anonymous, and a failure changes nothing. */
export function countInvitation(origin: string, id: string, event: 'shown' | 'accepted' | 'dismissed'): void {
  void fetch(`${origin}/api/v1/chat/invitation/${encodeURIComponent(id)}/${event}`, {
    method: 'POST',
    credentials: 'omit',
    keepalive: true,
  }).catch(() => undefined);
}
