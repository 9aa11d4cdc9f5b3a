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
