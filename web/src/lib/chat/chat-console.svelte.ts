/* eslint-disable svelte/prefer-svelte-reactivity -- the Sets and Dates here are bookkeeping
   and local values that no template reads; reactive state is in the $state fields. */
import { io, type Socket } from 'socket.io-client';
import type {
  ChatConsoleApi,
  ConversationContext,
  Presence,
  QueueItem,
  StaffConversation,
  TransferTarget,
} from '$lib/api/chat-console';
import type { Card, StaffMessage } from '$lib/api/conversations';
import type { AboutYouInput, InputWarning } from '$server/conversations/about-you';

/** A refused request: the API's code and HTTP status, shown to the counsellor translated. */
export interface ChatConsoleError {
  code: string;
  status: number;
}

/** An acknowledgement of a sent message (socket or HTTP). */
export type MessageAck =
  | { ok: true; seq: number; clientMsgId: string; createdAt: string }
  | { ok: false; error: { code: string; message: string } };

export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'refused';
export type MessageKind = 'message' | 'note';

/** A message typed by the counsellor and not yet acknowledged by the server. */
export interface PendingMessage {
  clientMsgId: string;
  conversationId: string;
  body: string;
  kind: MessageKind;
  /** A guide or programme sent as a card (the server sends the client its own copy of it). */
  card?: Card | undefined;
  createdAt: string;
  /** An error code the server gave; such a message is not re-sent until the counsellor retries. */
  error: string | null;
}

/** What the page hears about, to announce it and to raise notifications. */
export interface ChatConsoleListener {
  newQueueItems(items: QueueItem[]): void;
  clientMessage(chat: ChatSession, message: StaffMessage): void;
  assigned(chat: ChatSession): void;
}

const OUTBOX_KEY = 'opintori-console-chat-outbox';
const ACK_TIMEOUT_MS = 10_000;
const TYPING_TIMEOUT_MS = 8_000;

/** One chat open in the console: its state, messages in `seq` order and unacknowledged lines. */
/**
 * What a chat's composer and suggestions do with the chat: the console's socket for real chats,
 * the practice conversation's API for practice (training/practice-chat.svelte.ts).
 */
export interface ChatActions {
  send(chat: ChatSession, body: string, kind: MessageKind, card?: Card): string;
  retry(chat: ChatSession, clientMsgId: string): void;
  discard(chat: ChatSession, clientMsgId: string): void;
  typing(chat: ChatSession, typing: boolean): void;
}

/** A new line at the end of a chat's outbox, with its own id, not sent yet. */
export function queueInOutbox(
  chat: ChatSession,
  body: string,
  kind: MessageKind,
  card?: Card,
): PendingMessage {
  const item: PendingMessage = {
    clientMsgId: crypto.randomUUID(),
    conversationId: chat.id,
    body,
    kind,
    ...(card ? { card } : {}),
    createdAt: new Date().toISOString(),
    error: null,
  };
  chat.outbox = [...chat.outbox, item];
  return item;
}

export class ChatSession {
  readonly id: string;
  conversation = $state<StaffConversation | null>(null);
  messages = $state<StaffMessage[]>([]);
  context = $state<ConversationContext | null>(null);
  outbox = $state<PendingMessage[]>([]);
  visitorTyping = $state(false);
  unread = $state(0);
  loadError = $state<string | null>(null);
  /** Set when the chat left this counsellor by someone else's action (transfer, close). */
  gone = $state<'transferred' | 'closed' | null>(null);
  /**
   * The seq up to which nothing is missing. Staff see every seq (notes included), so a gap
   * means a live event was lost: the chat is watched again from here, never from the highest.
   */
  lastSeq = $derived(
    this.messages.reduce((through, message) => (message.seq === through + 1 ? message.seq : through), 0),
  );
  hasGap = $derived((this.messages.at(-1)?.seq ?? 0) > this.lastSeq);
  resyncing = false;
  typingTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(id: string) {
    this.id = id;
  }

  /** Adds messages not seen yet, keeping `seq` order; returns the new ones. */
  merge(incoming: StaffMessage[]): StaffMessage[] {
    const known = new Set(this.messages.map((message) => message.seq));
    const fresh = incoming.filter((message) => !known.has(message.seq));
    if (fresh.length === 0) return [];
    this.messages = [...this.messages, ...fresh].sort((a, b) => a.seq - b.seq);
    const acknowledged = new Set(fresh.map((message) => message.clientMsgId).filter(Boolean));
    if (acknowledged.size) this.outbox = this.outbox.filter((item) => !acknowledged.has(item.clientMsgId));
    return fresh;
  }
}

/**
 * The chat console (/console/chat): the counsellor's presence, the shared queue and the open chats over the `/staff`
 * socket. The database is the source of truth: on every (re)connect each open chat is watched
 * again from its last `seq` and the outbox is re-sent with the same `clientMsgId`s.
 */
export class ChatConsole implements ChatActions {
  connection = $state<ConnectionState>('connecting');
  presence = $state<Presence>({ status: 'offline', maxChats: 3 });
  queue = $state<QueueItem[]>([]);
  queueLoaded = $state(false);
  queueError = $state<string | null>(null);
  filters = $state({ topic: '', language: '' });
  chats = $state<ChatSession[]>([]);
  selectedId = $state<string | null>(null);

  #socket: Socket | undefined;
  #api: ChatConsoleApi;
  #staffId: string;
  #listener: ChatConsoleListener;
  #queueIds = new Set<string>();
  #inFlight = new Set<string>();

  constructor(api: ChatConsoleApi, staffId: string, presence: Presence, listener: ChatConsoleListener) {
    this.#api = api;
    this.#staffId = staffId;
    this.presence = presence;
    this.#listener = listener;
  }

  get selected(): ChatSession | undefined {
    return this.chats.find((chat) => chat.id === this.selectedId) ?? this.chats[0];
  }

  start(): void {
    const socket = io('/staff', { withCredentials: true });
    this.#socket = socket;
    socket.on('connect', () => {
      this.connection = 'connected';
      void this.#resync();
    });
    socket.on('disconnect', (reason) => {
      // The server ends the socket itself when the session is revoked: it does not come back.
      if (reason === 'io server disconnect') this.connection = 'refused';
      else this.connection = 'reconnecting';
    });
    socket.on('connect_error', () => {
      this.connection = socket.active ? 'reconnecting' : 'refused';
    });
    socket.on('queue', () => void this.loadQueue());
    socket.on('assigned', ({ conversationId }: { conversationId: string }) => {
      void this.openChat(conversationId, { select: false }).then((chat) => {
        if (chat) this.#listener.assigned(chat);
      });
      void this.loadQueue();
    });
    socket.on('message', (message: StaffMessage & { conversationId: string }) => {
      const chat = this.#chat(message.conversationId);
      if (!chat) return;
      const fresh = chat.merge([message]);
      if (fresh.length && message.author === 'client') {
        this.#setTyping(chat, false);
        this.#listener.clientMessage(chat, message);
      }
      if (chat.hasGap) this.#watch(chat);
    });
    socket.on('conversation', (conversation: StaffConversation) => this.#updateConversation(conversation));
    // The server took this socket out of a chat the counsellor may no longer see (taken by
    // someone else, transferred away): nothing more of it arrives here.
    socket.on('unwatched', ({ conversationId }: { conversationId: string }) => {
      const chat = this.#chat(conversationId);
      if (!chat) return;
      this.#setTyping(chat, false);
      chat.gone ??= 'transferred';
    });
    socket.on('typing', ({ conversationId, typing }: { conversationId: string; typing: boolean }) => {
      const chat = this.#chat(conversationId);
      if (chat) this.#setTyping(chat, typing);
    });
    void this.loadQueue();
  }

  stop(): void {
    this.#socket?.disconnect();
    this.#socket = undefined;
    for (const chat of this.chats) clearTimeout(chat.typingTimer);
  }

  async setPresence(presence: Presence): Promise<ChatConsoleError | null> {
    const result = await this.#api.setPresence(presence);
    if (!result.ok) return { code: result.error.code, status: result.status };
    this.presence = result.data ?? presence;
    void this.loadQueue();
    return null;
  }

  async loadQueue(): Promise<void> {
    const result = await this.#api.queue(this.filters);
    if (!result.ok) {
      this.queueError = result.error.code;
      return;
    }
    this.queueError = null;
    const items = result.data.items;
    const fresh = items.filter((item) => !this.#queueIds.has(item.id));
    const isFirstLoad = !this.queueLoaded;
    this.#queueIds = new Set(items.map((item) => item.id));
    this.queue = items;
    this.queueLoaded = true;
    if (!isFirstLoad && fresh.length) this.#listener.newQueueItems(fresh);
  }

  /** Takes a queued chat; returns an error code when someone else was faster or it is not allowed. */
  async accept(conversationId: string): Promise<ChatConsoleError | null> {
    const result = await this.#api.accept(conversationId);
    if (!result.ok) {
      void this.loadQueue();
      return { code: result.error.code, status: result.status };
    }
    this.queue = this.queue.filter((item) => item.id !== conversationId);
    await this.openChat(conversationId, { select: true });
    return null;
  }

  /** Opens a chat in a pane (or selects the pane it already has) and starts watching it. */
  async openChat(conversationId: string, options: { select: boolean }): Promise<ChatSession | undefined> {
    let chat = this.#chat(conversationId);
    if (!chat) {
      chat = new ChatSession(conversationId);
      chat.outbox = restoreOutbox().filter((item) => item.conversationId === conversationId);
      this.chats.push(chat);
      chat = this.#chat(conversationId)!;
      await this.#load(chat);
      this.#watch(chat);
    }
    if (options.select || !this.selectedId) this.selectedId = conversationId;
    return chat;
  }

  /** Opens the counsellor's own active chats (after a reload or reconnect). */
  async openMine(): Promise<void> {
    const result = await this.#api.mine();
    if (!result.ok) return;
    for (const item of result.data.items) {
      if (item.channel === 'chat' && !this.#chat(item.id)) await this.openChat(item.id, { select: false });
    }
  }

  /** Leaves a chat's pane (after close or transfer, or when dismissed). */
  removeChat(conversationId: string): void {
    const chat = this.#chat(conversationId);
    if (chat) clearTimeout(chat.typingTimer);
    this.#socket?.emit('unwatch', { conversationId });
    const index = this.chats.findIndex((item) => item.id === conversationId);
    this.chats = this.chats.filter((item) => item.id !== conversationId);
    persistOutbox(this.chats, conversationId);
    if (this.selectedId === conversationId) {
      const next = this.chats[Math.min(index, this.chats.length - 1)];
      this.selectedId = next?.id ?? null;
    }
  }

  async transfer(
    conversationId: string,
    target: TransferTarget,
    note: string,
  ): Promise<ChatConsoleError | null> {
    const result = await this.#api.transfer(conversationId, target, note);
    if (!result.ok) {
      if (result.status === 409) void this.#reload(conversationId);
      return { code: result.error.code, status: result.status };
    }
    this.removeChat(conversationId);
    return null;
  }

  /**
   * Closes a chat with its topic and outcome and what the counsellor noted about the client;
   * answers the refusal, or the values the server left out as unrecognised.
   */
  async close(
    conversationId: string,
    topic: string,
    outcome: string,
    about?: AboutYouInput,
  ): Promise<{ failure: ChatConsoleError } | { warnings: InputWarning[] }> {
    const result = await this.#api.close(conversationId, topic, outcome, about);
    if (!result.ok) {
      if (result.status === 409) void this.#reload(conversationId);
      return { failure: { code: result.error.code, status: result.status } };
    }
    this.removeChat(conversationId);
    return { warnings: result.data.warnings ?? [] };
  }

  /**
   * Queues a message or note in the outbox and sends it when the socket is up; a message may
   * carry a guide or programme as a card (then its text may be empty).
   */
  send(chat: ChatSession, body: string, kind: MessageKind, card?: Card): string {
    const item = queueInOutbox(chat, body, kind, card);
    persistOutbox(this.chats);
    void this.#deliver(chat, item.clientMsgId);
    return item.clientMsgId;
  }

  /** Sends a message that failed again, with the same id. */
  retry(chat: ChatSession, clientMsgId: string): void {
    chat.outbox = chat.outbox.map((item) =>
      item.clientMsgId === clientMsgId ? { ...item, error: null } : item,
    );
    void this.#deliver(chat, clientMsgId);
  }

  discard(chat: ChatSession, clientMsgId: string): void {
    chat.outbox = chat.outbox.filter((item) => item.clientMsgId !== clientMsgId);
    persistOutbox(this.chats);
  }

  typing(chat: ChatSession, typing: boolean): void {
    if (this.#socket?.connected) this.#socket.emit('typing', { conversationId: chat.id, typing });
  }

  async #reload(conversationId: string): Promise<void> {
    const chat = this.#chat(conversationId);
    if (chat) await this.#load(chat);
  }

  #chat(conversationId: string): ChatSession | undefined {
    return this.chats.find((chat) => chat.id === conversationId);
  }

  async #load(chat: ChatSession): Promise<void> {
    const result = await this.#api.conversation(chat.id);
    if (!result.ok) {
      chat.loadError = result.error.code;
      return;
    }
    chat.loadError = null;
    this.#applyConversation(chat, result.data.conversation);
    chat.context = result.data.context;
    chat.merge(result.data.messages);
  }

  #watch(chat: ChatSession): void {
    const socket = this.#socket;
    if (!socket?.connected || chat.resyncing) return; // watched again on connect
    chat.resyncing = true;
    socket
      .timeout(ACK_TIMEOUT_MS)
      .emitWithAck('watch', { conversationId: chat.id, afterSeq: chat.lastSeq })
      .then((ack: { ok: boolean; messages?: StaffMessage[]; conversation?: StaffConversation }) => {
        if (!ack.ok) {
          // Not ours to see any more (moved away while disconnected): the HTTP read says why.
          void this.#load(chat);
          return;
        }
        if (ack.conversation) this.#applyConversation(chat, ack.conversation);
        if (ack.messages) chat.merge(ack.messages);
        for (const item of chat.outbox) if (!item.error) void this.#deliver(chat, item.clientMsgId);
      })
      .catch(() => {
        // No answer: the next connect watches again.
      })
      .finally(() => {
        chat.resyncing = false;
      });
  }

  async #resync(): Promise<void> {
    await this.openMine();
    for (const chat of this.chats) {
      if (chat.gone) continue;
      if (!chat.conversation) await this.#load(chat);
      this.#watch(chat);
    }
    void this.loadQueue();
  }

  async #deliver(chat: ChatSession, clientMsgId: string): Promise<void> {
    const socket = this.#socket;
    const item = chat.outbox.find((pending) => pending.clientMsgId === clientMsgId);
    if (!socket?.connected || !item || this.#inFlight.has(clientMsgId)) return;
    this.#inFlight.add(clientMsgId);
    try {
      const ack: MessageAck = await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('message', {
        conversationId: chat.id,
        clientMsgId,
        body: item.body,
        kind: item.kind,
        ...(item.card ? { card: { type: item.card.type, id: item.card.id } } : {}),
      });
      if (ack.ok) {
        chat.merge([
          {
            seq: ack.seq,
            kind: item.kind,
            author: 'staff',
            authorName: null,
            authorStaffId: this.#staffId,
            body: item.body || (item.card?.title ?? ''),
            eventType: null,
            details: item.card ? { card: item.card } : {},
            clientMsgId,
            createdAt: ack.createdAt,
          },
        ]);
        chat.outbox = chat.outbox.filter((pending) => pending.clientMsgId !== clientMsgId);
        if (chat.hasGap) this.#watch(chat);
        persistOutbox(this.chats);
      } else if (ack.error.code === 'request.rate_limited' || ack.error.code === 'rate_limited') {
        setTimeout(() => void this.#deliver(chat, clientMsgId), 1500);
      } else {
        // Any other refusal would come back the same: the counsellor retries or discards it.
        chat.outbox = chat.outbox.map((pending) =>
          pending.clientMsgId === clientMsgId ? { ...pending, error: ack.error.code } : pending,
        );
      }
    } catch {
      // No acknowledgement in time: the message stays in the outbox and goes again on reconnect.
    } finally {
      this.#inFlight.delete(clientMsgId);
    }
  }

  #updateConversation(conversation: StaffConversation): void {
    const chat = this.#chat(conversation.id);
    if (chat) this.#applyConversation(chat, conversation);
  }

  #applyConversation(chat: ChatSession, conversation: StaffConversation): void {
    chat.conversation = conversation;
    if (conversation.status === 'closed') chat.gone = 'closed';
    else if (conversation.assignedStaffId !== this.#staffId) chat.gone = 'transferred';
    else chat.gone = null;
    if (conversation.status === 'closed') this.#setTyping(chat, false);
  }

  #setTyping(chat: ChatSession, typing: boolean): void {
    clearTimeout(chat.typingTimer);
    chat.visitorTyping = typing;
    // A lost "stopped typing" must not leave the indicator on for good.
    if (typing) chat.typingTimer = setTimeout(() => (chat.visitorTyping = false), TYPING_TIMEOUT_MS);
  }
}

/**
 * The outbox lives in sessionStorage: it survives a reload of the tab, not the end of the session.
 * Lines of chats not open (yet) are kept; those of a chat the counsellor left are dropped.
 */
function persistOutbox(chats: ChatSession[], left?: string): void {
  const open = new Set(chats.map((chat) => chat.id));
  const waiting = restoreOutbox().filter(
    (item) => !open.has(item.conversationId) && item.conversationId !== left,
  );
  try {
    sessionStorage.setItem(OUTBOX_KEY, JSON.stringify([...waiting, ...chats.flatMap((chat) => chat.outbox)]));
  } catch {
    // Storage full or disabled: the in-memory outbox still re-sends while the page is open.
  }
}

function restoreOutbox(): PendingMessage[] {
  try {
    const saved: unknown = JSON.parse(sessionStorage.getItem(OUTBOX_KEY) ?? '[]');
    return Array.isArray(saved) ? (saved as PendingMessage[]) : [];
  } catch {
    return [];
  }
}
