import { createCaller, queryString } from '$lib/api/client';
import type {
  BulkCloseResult,
  CallOutcome,
  CannedResponse,
  CannedResponseInput,
  ChatSettings,
  Colleagues,
  ConversationDetail,
  InboxItem,
  InboxListItem,
  InboxListQuery,
  OutgoingMailView,
  Presence,
  TransferTarget,
  UnifiedConversationDetail,
} from './types';

type Fetch = typeof fetch;

/**
 * The staff chat API (docs/chat.md, "Staff HTTP API"). The same functions run in the browser,
 * where the session cookie goes along with same-origin requests, and on the SvelteKit server,
 * where `handleFetch` forwards them to the API.
 */
export function createInboxApi(fetch: Fetch) {
  const call = createCaller(fetch);

  const id = (value: string) => encodeURIComponent(value);
  const query = queryString;

  return {
    presence: () => call<Presence>('GET', '/api/v1/inbox/presence'),
    setPresence: (presence: Presence) => call<Presence>('PUT', '/api/v1/inbox/presence', presence),
    queue: (filters: { topic?: string; language?: string } = {}) =>
      call<{ items: InboxItem[] }>('GET', `/api/v1/inbox/queue${query(filters)}`),
    mine: () => call<{ items: InboxItem[] }>('GET', '/api/v1/inbox/mine'),
    conversation: (conversationId: string, after?: number) =>
      call<ConversationDetail>(
        'GET',
        `/api/v1/inbox/conversations/${id(conversationId)}${query({ after: after === undefined ? undefined : String(after) })}`,
      ),
    accept: (conversationId: string) =>
      call<unknown>('POST', `/api/v1/inbox/conversations/${id(conversationId)}/accept`, {}),
    transfer: (conversationId: string, target: TransferTarget, note: string) =>
      call<unknown>('POST', `/api/v1/inbox/conversations/${id(conversationId)}/transfer`, {
        ...target,
        ...(note ? { note } : {}),
      }),
    close: (conversationId: string, topic: string, outcome: string) =>
      call<unknown>('POST', `/api/v1/inbox/conversations/${id(conversationId)}/close`, { topic, outcome }),
    /** The unified inbox: every channel the staff member may see, filtered and paged. */
    list: (filters: InboxListQuery) =>
      call<{ items: InboxListItem[]; total: number }>(
        'GET',
        `/api/v1/inbox/conversations${query({ ...filters })}`,
      ),
    /** One conversation with its mails, contact request and call-back (any channel). */
    detail: (conversationId: string) =>
      call<UnifiedConversationDetail>('GET', `/api/v1/inbox/conversations/${id(conversationId)}`),
    claim: (conversationId: string) =>
      call<unknown>('POST', `/api/v1/inbox/conversations/${id(conversationId)}/claim`, {}),
    /** A reply (on an email conversation it is mailed to the client) or an internal note. */
    postMessage: (
      conversationId: string,
      body: { clientMsgId: string; body: string; kind: 'message' | 'note' },
    ) =>
      call<{ seq: number; clientMsgId: string; createdAt: string }>(
        'POST',
        `/api/v1/inbox/conversations/${id(conversationId)}/messages`,
        body,
      ),
    callOutcome: (conversationId: string, body: { outcome: CallOutcome; retryAt?: string; note?: string }) =>
      call<unknown>('POST', `/api/v1/inbox/conversations/${id(conversationId)}/call-outcome`, body),
    bulkClose: (body: { ids: string[]; topic?: string; outcome: string }) =>
      call<BulkCloseResult>('POST', '/api/v1/inbox/bulk-close', body),
    retryMail: (mailId: string) => call<unknown>('POST', `/api/v1/inbox/mail/${id(mailId)}/retry`, {}),
    devMailbox: (limit?: number) =>
      call<{ relay: boolean; items: OutgoingMailView[] }>('GET', `/api/v1/dev-mailbox${query({ limit })}`),
    colleagues: () => call<Colleagues>('GET', '/api/v1/inbox/colleagues'),
    /** Offers the visitor of my chat a video call (docs/video.md); an open offer comes back again. */
    offerVideoCall: (conversationId: string) =>
      call<{ id: string; status: string; expiresAt: string; joinPath: string }>(
        'POST',
        `/api/v1/inbox/conversations/${id(conversationId)}/video-call`,
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
      call<unknown>('GET', `/api/v1/chat/opening-hours${query({ organisation: organisationId })}`),
    saveOpeningHours: (body: unknown, organisationId?: string) =>
      call<unknown>('PUT', `/api/v1/chat/opening-hours${query({ organisation: organisationId })}`, body),
  };
}

export type InboxApi = ReturnType<typeof createInboxApi>;
