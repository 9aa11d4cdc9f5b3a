import type { ChatLanguage, Credentials } from './api';

/** A message typed but not yet acknowledged by the server (docs/chat.md, Delivery). */
export interface OutboxItem {
  clientMsgId: string;
  body: string;
}

interface Saved {
  conversation?: Credentials;
  browserKey?: string;
  outbox?: OutboxItem[];
  lang?: ChatLanguage;
  isOpen?: boolean;
  /** The conversation whose "about you" was answered or skipped: not asked again. */
  aboutDoneFor?: string;
}

/**
 * What the widget keeps in localStorage under `opintori-chat:<service origin>`. Storage may be
 * blocked (private modes, strict cookie settings): then it lives in memory for the page's life.
 */
export class Store {
  private readonly key: string;
  private memory: Saved = {};

  constructor(serviceOrigin: string) {
    this.key = `opintori-chat:${serviceOrigin}`;
  }

  private read(): Saved {
    try {
      const raw = localStorage.getItem(this.key);
      const parsed: unknown = raw ? JSON.parse(raw) : {};
      if (parsed && typeof parsed === 'object') this.memory = parsed as Saved;
    } catch {
      // Unreadable or blocked: keep what this page already knows.
    }
    return this.memory;
  }

  private update(change: (saved: Saved) => void): void {
    const saved = this.read();
    change(saved);
    this.memory = saved;
    try {
      localStorage.setItem(this.key, JSON.stringify(saved));
    } catch {
      // Blocked storage: the memory copy still serves this page.
    }
  }

  conversation(): Credentials | null {
    const c = this.read().conversation;
    return c && typeof c.conversationId === 'string' && typeof c.secret === 'string' ? c : null;
  }

  setConversation(credentials: Credentials): void {
    this.update((s) => {
      s.conversation = credentials;
      s.outbox = [];
    });
  }

  /** Forgets the conversation and anything still unsent in it. */
  forgetConversation(): void {
    this.update((s) => {
      delete s.conversation;
      s.outbox = [];
    });
  }

  /** The browser's key if a consent created one (shown for a data request); never creates one. */
  knownBrowserKey(): string | null {
    const existing = this.read().browserKey;
    return existing && /^[0-9a-f]{64}$/.test(existing) ? existing : null;
  }

  /** Forgets the browser's key too: after a deletion nothing links this browser to the service. */
  forgetBrowserKey(): void {
    this.update((s) => delete s.browserKey);
  }

  /** The random key that links one browser's chats; created on the first consent. */
  browserKey(): string {
    const existing = this.read().browserKey;
    if (existing && /^[0-9a-f]{64}$/.test(existing)) return existing;
    const bytes = crypto.getRandomValues(new Uint8Array(32));
    const key = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
    this.update((s) => (s.browserKey = key));
    return key;
  }

  outbox(): OutboxItem[] {
    const items = this.read().outbox;
    return Array.isArray(items) ? items : [];
  }

  addToOutbox(item: OutboxItem): void {
    this.update((s) => (s.outbox = [...(s.outbox ?? []), item]));
  }

  removeFromOutbox(clientMsgId: string): void {
    this.update((s) => (s.outbox = (s.outbox ?? []).filter((item) => item.clientMsgId !== clientMsgId)));
  }

  lang(): ChatLanguage | undefined {
    return this.read().lang;
  }

  setLang(lang: ChatLanguage): void {
    this.update((s) => (s.lang = lang));
  }

  isAboutDone(conversationId: string): boolean {
    return this.read().aboutDoneFor === conversationId;
  }

  setAboutDone(conversationId: string): void {
    this.update((s) => (s.aboutDoneFor = conversationId));
  }

  isOpen(): boolean {
    return this.read().isOpen === true;
  }

  setOpen(isOpen: boolean): void {
    this.update((s) => (s.isOpen = isOpen));
  }
}

/** A v4 UUID; crypto.randomUUID exists only in secure contexts, member sites may be plain http. */
export function randomId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
