/*
 * The chat console's API (/console/chat; docs/chat.md, "Staff HTTP API"): presence, the queue,
 * one's own chats, taking, transferring and closing a chat, a video call offer, canned answers
 * and the chat settings. The shapes are the server's own types, so the two cannot drift.
 */
import type { PresenceStatus } from '$server/features/chat/chat.table';
import type { listCanned } from '$server/features/chat/canned-response.service';
import type { readConversationForStaff } from '$server/features/inbox/conversation.service';
import type { InboxItem as ServerQueueItem } from '$server/conversations/staff-view';
import { createCaller, queryString } from './client';
import { createConversationsApi, type StaffMessage } from './conversations';

type Fetch = typeof fetch;

export type { PresenceStatus };
export interface Presence {
  status: PresenceStatus;
  maxChats: number;
}

/** A chat as the console lists it (queue, mine) and as one chat's header shows it. */
export type QueueItem = ServerQueueItem;
export type StaffConversation = QueueItem;

export type ConversationContext = Awaited<ReturnType<typeof readConversationForStaff>>['context'];

/** One chat with its messages (all of them, or those after a `seq`) and what is known of the visitor. */
export interface ChatConversationDetail {
  conversation: StaffConversation;
  messages: StaffMessage[];
  context: ConversationContext;
}

/** fi, sv, en or another language of guidance (ar, uk, …). */
export type CannedLanguage = string;
export type CannedResponse = Awaited<ReturnType<typeof listCanned>>[number];
export type CannedResponseInput = Pick<CannedResponse, 'title' | 'body' | 'language' | 'shared'>;

export type TransferTarget = { staffId: string } | { organisationId: string } | { expertise: string };

export interface ChatSettings {
  assignment: 'manual' | 'auto';
  maxWaitSeconds: number;
}

/**
 * The same functions run in the browser, where the session cookie goes along with same-origin
 * requests, and on the SvelteKit server, where `handleFetch` forwards them to the API.
 */
export function createChatConsoleApi(fetch: Fetch) {
  const call = createCaller(fetch);
  const id = (value: string) => encodeURIComponent(value);
  const conversation = (conversationId: string) => `/api/v1/inbox/conversations/${id(conversationId)}`;

  return {
    ...createConversationsApi(fetch),
    presence: () => call<Presence>('GET', '/api/v1/inbox/presence'),
    setPresence: (presence: Presence) => call<Presence>('PUT', '/api/v1/inbox/presence', presence),
    queue: (filters: { topic?: string; language?: string } = {}) =>
      call<{ items: QueueItem[] }>('GET', `/api/v1/inbox/queue${queryString(filters)}`),
    mine: () => call<{ items: QueueItem[] }>('GET', '/api/v1/inbox/mine'),
    conversation: (conversationId: string, after?: number) =>
      call<ChatConversationDetail>(
        'GET',
        `${conversation(conversationId)}${queryString({ after: after === undefined ? undefined : String(after) })}`,
      ),
    accept: (conversationId: string) => call<unknown>('POST', `${conversation(conversationId)}/accept`, {}),
    transfer: (conversationId: string, target: TransferTarget, note: string) =>
      call<unknown>('POST', `${conversation(conversationId)}/transfer`, {
        ...target,
        ...(note ? { note } : {}),
      }),
    /** Offers the visitor of my chat a video call (docs/video.md); an open offer comes back again. */
    offerVideoCall: (conversationId: string) =>
      call<{ id: string; status: string; expiresAt: string; joinPath: string }>(
        'POST',
        `${conversation(conversationId)}/video-call`,
        {},
      ),
    cannedResponses: () => call<{ items: CannedResponse[] }>('GET', '/api/v1/inbox/canned-responses'),
    createCannedResponse: (body: CannedResponseInput) =>
      call<CannedResponse>('POST', '/api/v1/inbox/canned-responses', body),
    updateCannedResponse: (cannedId: string, body: CannedResponseInput) =>
      call<CannedResponse>('PUT', `/api/v1/inbox/canned-responses/${id(cannedId)}`, body),
    deleteCannedResponse: (cannedId: string) =>
      call<null>('DELETE', `/api/v1/inbox/canned-responses/${id(cannedId)}`),
    settings: () => call<ChatSettings>('GET', '/api/v1/chat/settings'),
    saveSettings: (body: ChatSettings) => call<ChatSettings>('PUT', '/api/v1/chat/settings', body),
    openingHours: (organisationId?: string) =>
      call<unknown>('GET', `/api/v1/chat/opening-hours${queryString({ organisation: organisationId })}`),
    saveOpeningHours: (body: unknown, organisationId?: string) =>
      call<unknown>(
        'PUT',
        `/api/v1/chat/opening-hours${queryString({ organisation: organisationId })}`,
        body,
      ),
  };
}

export type ChatConsoleApi = ReturnType<typeof createChatConsoleApi>;
