import { io, type Socket } from 'socket.io-client';
import type { ChatState, Credentials, Message } from './api';
import { randomId, type OutboxItem, type Store } from './store';

type Ack<T> = ({ ok: true } & T) | { ok: false; error: { code: string; message?: string } };
type MessageAck = Ack<{ seq: number; clientMsgId: string; createdAt: string }>;
type SyncAck = Ack<{ conversation: ChatState; messages: Message[] }>;

export interface SessionEvents {
  /** Messages, pending messages, the state or the connection changed. */
  changed(): void;
  /** A line from the counsellor or the system arrived live (not one read back on sync). */
  incoming(message: Message): void;
  typing(isTyping: boolean): void;
  /** A message could not be delivered for good (too long, chat closed …); its text is returned. */
  failed(code: string, body: string): void;
  /** The handshake was refused: unknown conversation or disallowed origin. */
  refused(code: string): void;
}

const ACK_TIMEOUT_MS = 10_000;
const TYPING_EVERY_MS = 2_000;
const TYPING_IDLE_MS = 3_000;
// Codes after which re-sending the same message cannot succeed.
const permanentCodes = new Set([
  'message.too_long',
  'chat.closed',
  'conversation.closed',
  'request.invalid',
  'conversation.not_found',
]);

/**
 * One chat's live connection. Sends through the localStorage outbox and resyncs on every
 * (re)connect, so a message is shown once, in seq order, and never lost (docs/chat.md, Delivery).
 */
export class ChatSession {
  readonly messages: Message[] = [];
  state: ChatState | null = null;
  isConnected = false;
  private readonly socket: Socket;
  private isSynced = false;
  private isPumping = false;
  /** Every message with a seq up to this one is known here (staff notes excepted). */
  private syncedThrough = 0;
  private syncing: Promise<boolean> | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private lastTypingSent = 0;
  private idleTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    origin: string,
    readonly credentials: Credentials,
    private readonly store: Store,
    private readonly events: SessionEvents,
  ) {
    this.socket = io(`${origin}/client`, {
      auth: { conversationId: credentials.conversationId, secret: credentials.secret },
      transports: ['websocket', 'polling'],
      withCredentials: false,
    });
    this.socket.on('connect', () => void this.onConnect());
    this.socket.on('disconnect', () => {
      this.isConnected = false;
      this.isSynced = false;
      this.events.changed();
    });
    this.socket.on('connect_error', (error: Error & { data?: { code?: string } }) => {
      // A refusal by the server's middleware is final; transport errors retry on their own.
      const code = error.data?.code;
      if (!this.socket.active) this.events.refused(code ?? 'chat.unavailable');
    });
    this.socket.on('message', (message: Message) => {
      if (this.merge([message]) && message.author !== 'client') this.events.incoming(message);
      this.events.changed();
      this.advance(message.seq);
    });
    this.socket.on('state', (state: ChatState) => {
      this.state = state;
      this.events.changed();
    });
    this.socket.on('typing', (payload: { typing?: boolean }) => this.events.typing(payload.typing === true));
  }

  lastSeq(): number {
    return this.messages.at(-1)?.seq ?? 0;
  }

  /**
   * A message with this seq arrived live or was acknowledged. The next seq after what is known
   * to be complete moves the mark on; a jump may be a staff note (visitors never get those) or
   * a lost event, and a sync from the mark settles which.
   */
  private advance(seq: number): void {
    if (seq === this.syncedThrough + 1) this.syncedThrough = seq;
    else if (seq > this.syncedThrough + 1) void this.sync();
  }

  /** Messages typed here that the server has not acknowledged yet (shown as “sending…”). */
  pending(): OutboxItem[] {
    const known = new Set(this.messages.map((m) => m.clientMsgId));
    return this.store.outbox().filter((item) => !known.has(item.clientMsgId));
  }

  send(body: string): void {
    this.store.addToOutbox({ clientMsgId: randomId(), body });
    this.stopTyping();
    this.events.changed();
    void this.pump();
  }

  /** Called on every keystroke: at most one `typing` per 2 s, and `false` after 3 s idle. */
  noteTyping(): void {
    const now = Date.now();
    if (now - this.lastTypingSent >= TYPING_EVERY_MS) {
      this.lastTypingSent = now;
      if (this.isConnected) this.socket.emit('typing', { typing: true });
    }
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => this.stopTyping(), TYPING_IDLE_MS);
  }

  stopTyping(): void {
    clearTimeout(this.idleTimer);
    if (this.lastTypingSent && this.isConnected) this.socket.emit('typing', { typing: false });
    this.lastTypingSent = 0;
  }

  /** Marks the chat closed here at once; the server's `state` confirms it. */
  markClosed(): void {
    if (this.state) this.state = { ...this.state, status: 'closed' };
    this.events.changed();
  }

  markRated(): void {
    if (this.state) this.state = { ...this.state, rated: true };
  }

  disconnect(): void {
    clearTimeout(this.idleTimer);
    clearTimeout(this.retryTimer);
    this.socket.removeAllListeners();
    this.socket.disconnect();
  }

  private async onConnect(): Promise<void> {
    this.isConnected = true;
    this.events.changed();
    // First catch up from the database, then re-send whatever is still unacknowledged.
    if (await this.sync()) {
      this.isSynced = true;
      void this.pump();
    }
  }

  private sync(): Promise<boolean> {
    this.syncing ??= this.syncOnce().finally(() => (this.syncing = undefined));
    return this.syncing;
  }

  private async syncOnce(): Promise<boolean> {
    try {
      // From the last point known to be complete, not from the highest seq seen: a message
      // missed between two received ones is fetched too.
      const ack: SyncAck = await this.socket.timeout(ACK_TIMEOUT_MS).emitWithAck('sync', {
        afterSeq: this.syncedThrough,
      });
      if (!ack.ok) return false;
      this.state = ack.conversation;
      this.merge(ack.messages);
      this.syncedThrough = Math.max(
        this.syncedThrough,
        ack.conversation.lastSeq,
        ...ack.messages.map((m) => m.seq),
      );
      this.events.changed();
      return true;
    } catch {
      // Timed out: the next reconnect syncs again.
      return false;
    }
  }

  /** Adds messages not seen before, kept in seq order. Returns whether anything was new. */
  private merge(incoming: Message[]): boolean {
    let isNew = false;
    for (const message of incoming) {
      if (typeof message.seq !== 'number' || this.messages.some((m) => m.seq === message.seq)) continue;
      const at = this.messages.findIndex((m) => m.seq > message.seq);
      this.messages.splice(at < 0 ? this.messages.length : at, 0, message);
      isNew = true;
    }
    return isNew;
  }

  /** Sends the outbox one message at a time, in order, each waiting for its acknowledgement. */
  private async pump(): Promise<void> {
    if (this.isPumping) return;
    this.isPumping = true;
    try {
      while (this.isConnected && this.isSynced) {
        const next = this.store.outbox()[0];
        if (!next) break;
        let ack: MessageAck;
        try {
          ack = await this.socket.timeout(ACK_TIMEOUT_MS).emitWithAck('message', next);
        } catch {
          this.retryLater();
          break;
        }
        if (ack.ok) {
          this.store.removeFromOutbox(next.clientMsgId);
          this.merge([
            {
              seq: ack.seq,
              kind: 'message',
              author: 'client',
              authorName: null,
              body: next.body,
              eventType: null,
              clientMsgId: next.clientMsgId,
              createdAt: ack.createdAt,
            },
          ]);
          this.advance(ack.seq);
          this.events.changed();
        } else if (permanentCodes.has(ack.error.code)) {
          this.store.removeFromOutbox(next.clientMsgId);
          this.events.changed();
          this.events.failed(ack.error.code, next.body);
        } else {
          // rate_limited and other passing trouble: the message stays in the outbox.
          this.events.failed(ack.error.code, '');
          this.retryLater();
          break;
        }
      }
    } finally {
      this.isPumping = false;
    }
  }

  private retryLater(): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => void this.pump(), 2_000);
  }
}
