/*
 * The inbox's shapes: the server's own types, so that the console and the API cannot drift.
 */
import type { ConversationStatus, PresenceStatus } from '$server/features/conversations/conversation.table';
import type { listCanned } from '$server/features/conversations/canned-response.service';
import type {
  InboxItem as ServerInboxItem,
  StaffMessage as ServerStaffMessage,
  listColleagues,
  readConversationForStaff,
} from '$server/features/conversations/inbox.service';
import type {
  AttachmentInfo,
  CallbackDetails,
  CallOutcome,
  EmailMessageDetails,
  InboxListItem,
  OutgoingMailStatus,
  OutgoingMailView,
  RefusedAttachment,
} from '$server/features/conversations/unified-inbox.types';

export type { ConversationStatus, PresenceStatus };
export interface Presence {
  status: PresenceStatus;
  maxChats: number;
}

/** A conversation as the inbox lists it (queue, mine) and as one chat's header shows it. */
export type InboxItem = ServerInboxItem;
export type StaffConversation = InboxItem;

export type StaffMessage = ServerStaffMessage;

export type ConversationContext = Awaited<ReturnType<typeof readConversationForStaff>>['context'];

export interface ConversationDetail {
  conversation: StaffConversation;
  messages: StaffMessage[];
  context: ConversationContext;
}

export type Colleagues = Awaited<ReturnType<typeof listColleagues>>;
export type Colleague = Colleagues['staff'][number];

export type CannedLanguage = 'fi' | 'sv' | 'en';
export type CannedResponse = Awaited<ReturnType<typeof listCanned>>[number];
export type CannedResponseInput = Pick<CannedResponse, 'title' | 'body' | 'language' | 'shared'>;

export type TransferTarget = { staffId: string } | { organisationId: string } | { expertise: string };

export interface ChatSettings {
  assignment: 'manual' | 'auto';
  maxWaitSeconds: number;
}

/** An acknowledgement of a sent message (socket or HTTP). */
export type MessageAck =
  | { ok: true; seq: number; clientMsgId: string; createdAt: string }
  | { ok: false; error: { code: string; message: string } };

export type {
  AttachmentInfo,
  CallbackDetails,
  CallOutcome,
  EmailMessageDetails,
  InboxListItem,
  OutgoingMailStatus,
  OutgoingMailView,
};

/**
 * One conversation as the unified inbox shows it (docs/email-and-phone.md): messages and notes,
 * its outgoing mails, and in its context the contact request's answers and the call-back.
 */
export type UnifiedConversationDetail = Awaited<ReturnType<typeof readConversationForStaff>>;

/** What a web-form contact request brought along: the finder's answers and the shortlist. */
export type ContactRequestContext = NonNullable<UnifiedConversationDetail['context']['request']>;

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

/** A refused attachment's reason, as `EmailMessageDetails` records it. */
export type RefusedReason = RefusedAttachment['reason'];
