import type { Card, StaffMessage } from '$lib/api/conversations';
import { codeLabel, type Translate } from '$lib/i18n/i18n';
import type { PracticeMessage, TrainingApi } from '$lib/api/training';
import type { TransferTarget } from '$lib/api/chat-console';
import {
  ChatSession,
  type ChatActions,
  type ChatConsoleError,
  type MessageKind,
  queueInOutbox,
} from '$lib/chat/chat-console.svelte';

/** How often an open practice conversation looks for the other side's lines (a trainer playing live). */
const POLL_MS = 2000;

/**
 * A practice conversation in the console's chat pane: its messages in a ChatSession, so that the
 * same message thread, composer and suggestions show it, sent through the training API instead
 * of the console's socket. The simulated client's answer comes back with the counsellor's line;
 * a client played live by a trainer arrives by polling.
 */
export class PracticeChat implements ChatActions {
  readonly chat: ChatSession;
  status = $state<'active' | 'finished'>('active');
  #timer: ReturnType<typeof setInterval> | undefined;
  #polling = false;

  constructor(
    private readonly api: TrainingApi,
    sessionId: string,
    private readonly counsellorId: string,
    messages: PracticeMessage[],
    status: 'active' | 'finished',
  ) {
    this.chat = new ChatSession(sessionId);
    this.chat.merge(messages.map((m) => this.#toStaffMessage(m)));
    this.status = status;
  }

  /** Follows the conversation while it is open; returns the stop function. */
  start(): () => void {
    this.#timer = setInterval(() => void this.poll(), POLL_MS);
    return () => clearInterval(this.#timer);
  }

  async poll(): Promise<void> {
    if (this.#polling) return;
    this.#polling = true;
    try {
      const after = this.chat.messages.at(-1)?.seq ?? 0;
      const result = await this.api.messages(this.chat.id, after);
      if (result.ok) {
        this.chat.merge(result.data.items.map((m) => this.#toStaffMessage(m)));
        this.status = result.data.status;
        if (this.status === 'finished') clearInterval(this.#timer);
      }
    } finally {
      this.#polling = false;
    }
  }

  send(chat: ChatSession, body: string, kind: MessageKind, card?: Card): string {
    const item = queueInOutbox(chat, body, kind, card);
    void this.#deliver(item.clientMsgId);
    return item.clientMsgId;
  }

  retry(chat: ChatSession, clientMsgId: string): void {
    chat.outbox = chat.outbox.map((item) =>
      item.clientMsgId === clientMsgId ? { ...item, error: null } : item,
    );
    void this.#deliver(clientMsgId);
  }

  discard(chat: ChatSession, clientMsgId: string): void {
    chat.outbox = chat.outbox.filter((item) => item.clientMsgId !== clientMsgId);
  }

  /** Nobody watches the counsellor type in practice: the script answers what is sent. */
  typing(): void {}

  /** A hand-over practised with the transfer dialog: recorded, and the practice ends. */
  async transfer(
    _conversationId: string,
    target: TransferTarget,
    note: string,
  ): Promise<ChatConsoleError | null> {
    const result = await this.api.transfer(this.chat.id, { ...target, note });
    if (!result.ok) return { code: result.error.code, status: result.status };
    this.chat.merge(result.data.messages.map((m) => this.#toStaffMessage(m)));
    this.status = result.data.status;
    return null;
  }

  async #deliver(clientMsgId: string): Promise<void> {
    const item = this.chat.outbox.find((pending) => pending.clientMsgId === clientMsgId);
    if (!item) return;
    const result = await this.api.send(this.chat.id, {
      body: item.body,
      clientMsgId,
      ...(item.card ? { card: item.card } : {}),
    });
    if (result.ok) {
      this.chat.merge(result.data.items.map((m) => this.#toStaffMessage(m)));
      this.chat.outbox = this.chat.outbox.filter((pending) => pending.clientMsgId !== clientMsgId);
    } else {
      this.chat.outbox = this.chat.outbox.map((pending) =>
        pending.clientMsgId === clientMsgId ? { ...pending, error: result.error.code } : pending,
      );
    }
  }

  #toStaffMessage(message: PracticeMessage): StaffMessage {
    return practiceToStaffMessage(message, this.counsellorId);
  }
}

/**
 * A practice message as the chat console's thread shows a staff message; a practised hand-over
 * is the console's `transferred` event naming whom it went to.
 */
export function practiceToStaffMessage(message: PracticeMessage, counsellorId: string): StaffMessage {
  if (message.transfer) {
    return {
      seq: message.seq,
      kind: 'event',
      author: 'system',
      authorName: null,
      authorStaffId: counsellorId,
      body: message.body,
      eventType: 'transferred',
      details: { label: message.transfer.label, kind: message.transfer.kind, note: message.body },
      clientMsgId: null,
      createdAt: message.createdAt,
    };
  }
  return {
    seq: message.seq,
    kind: 'message',
    author: message.author === 'client' ? 'client' : 'staff',
    authorName: message.authorName,
    authorStaffId: message.author === 'counsellor' ? counsellorId : null,
    body: message.body || (message.card?.title ?? ''),
    eventType: null,
    details: message.card ? { card: message.card } : {},
    clientMsgId: message.clientMsgId,
    createdAt: message.createdAt,
  };
}

/**
 * A practised hand-over's line, as the chat console words a transfer: to whom (a field by its
 * name, not its code) and the note that went with it.
 */
export function practiceEventText(t: Translate, message: StaffMessage): string {
  if (message.eventType !== 'transferred') return '';
  const label = typeof message.details?.label === 'string' ? message.details.label : '';
  const name = message.details?.kind === 'expertise' ? codeLabel(t, 'expertise', label) : label;
  return [t('inbox.event.transferred_named', { name }), message.body].filter(Boolean).join(' ');
}
