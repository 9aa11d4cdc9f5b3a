/*
 * The inbox's API (/console/inbox; docs/email-and-phone.md): every channel's conversations
 * listed and filtered, one conversation with its mails, call-back and contact request, taking
 * it on, replying, notes, call outcomes, closing, and the outgoing mail log. The shapes are the
 * server's own types, so the two cannot drift.
 */
import type { readConversationForStaff } from '$server/features/inbox/conversation.service';
import type {
  CallbackDetails,
  CallOutcome,
  EmailMessageDetails,
  InboxListItem,
  OutgoingMailView,
} from '$server/features/inbox/inbox.types';
import type { MailLogItem } from '$server/features/mail/mail.schema';
import type { AboutYouInput, InputWarning } from '$server/conversations/about-you';
import { createCaller, queryString } from './client';
import { createConversationsApi } from './conversations';

type Fetch = typeof fetch;

export type {
  CallbackDetails,
  CallOutcome,
  EmailMessageDetails,
  InboxListItem,
  MailLogItem,
  OutgoingMailView,
};

/** One conversation of any channel: messages and notes, its outgoing mails, and its context. */
export type InboxConversationDetail = Awaited<ReturnType<typeof readConversationForStaff>>;

/** What a web-form contact request brought along: the finder's answers and the shortlist. */
export type ContactRequestContext = NonNullable<InboxConversationDetail['context']['request']>;

/** The list's query (`GET /api/v1/inbox/conversations`); unset filters are left out. */
export interface InboxListQuery {
  channel?: string;
  status?: string;
  topic?: string;
  language?: string;
  provider?: string;
  assigned?: 'me' | 'unassigned';
  q?: string;
  sort?: string;
  limit?: number;
  offset?: number;
}

export interface BulkCloseResult {
  closed: string[];
  refused: { id: string; code: string }[];
}

/** Where an email's attachment downloads (a link: the browser sends the session cookie). */
export const attachmentPath = (attachmentId: string) =>
  `/api/v1/inbox/attachments/${encodeURIComponent(attachmentId)}`;

/** Where a file of a mail in the outgoing mail log downloads (admins). */
export const mailLogAttachmentPath = (mailId: string, index: number) =>
  `/api/v1/dev-mailbox/${encodeURIComponent(mailId)}/attachments/${index}`;

export function createInboxApi(fetch: Fetch) {
  const call = createCaller(fetch);
  const id = (value: string) => encodeURIComponent(value);
  const conversation = (conversationId: string) => `/api/v1/inbox/conversations/${id(conversationId)}`;

  return {
    ...createConversationsApi(fetch),
    /** Every channel the staff member may see, filtered and paged. */
    list: (filters: InboxListQuery) =>
      call<{ items: InboxListItem[]; total: number }>(
        'GET',
        `/api/v1/inbox/conversations${queryString({ ...filters })}`,
      ),
    /** One conversation with its mails, contact request and call-back (any channel). */
    detail: (conversationId: string) => call<InboxConversationDetail>('GET', conversation(conversationId)),
    claim: (conversationId: string) => call<unknown>('POST', `${conversation(conversationId)}/claim`, {}),
    /** A reply (on an email conversation it is mailed to the client) or an internal note. */
    postMessage: (
      conversationId: string,
      body: {
        clientMsgId: string;
        body: string;
        kind: 'message' | 'note';
        /** A guide (by key) or programme (by id) sent along as a link card. */
        card?: { type: 'article' | 'program'; id: string };
      },
    ) =>
      call<{ seq: number; clientMsgId: string; createdAt: string }>(
        'POST',
        `${conversation(conversationId)}/messages`,
        body,
      ),
    /** A call logged, with what the counsellor noted about the client (unknown values come back as warnings). */
    callOutcome: (
      conversationId: string,
      body: { outcome: CallOutcome; retryAt?: string; note?: string; about?: AboutYouInput },
    ) =>
      call<{ id: string; status: string; dueAt: string | null; warnings?: InputWarning[] }>(
        'POST',
        `${conversation(conversationId)}/call-outcome`,
        body,
      ),
    bulkClose: (body: { ids: string[]; topic?: string; outcome: string }) =>
      call<BulkCloseResult>('POST', '/api/v1/inbox/bulk-close', body),
    retryMail: (mailId: string) => call<unknown>('POST', `/api/v1/inbox/mail/${id(mailId)}/retry`, {}),
    /** The outgoing mail log, newest first (admins; docs/email-and-phone.md). */
    devMailbox: (limit?: number) =>
      call<{ relay: boolean; items: MailLogItem[] }>('GET', `/api/v1/dev-mailbox${queryString({ limit })}`),
  };
}

export type InboxApi = ReturnType<typeof createInboxApi>;
