/*
 * The inbox's shapes, as server/src/features/conversations/ presents them. Written out here
 * until the server's schemas are on main; then they become type imports from $server.
 */

export type PresenceStatus = 'available' | 'away' | 'offline';
export interface Presence {
  status: PresenceStatus;
  maxChats: number;
}

export type ConversationStatus = 'queued' | 'active' | 'waiting' | 'closed';

/** A conversation as the inbox lists it (queue, mine) and as one chat's header shows it. */
export interface InboxItem {
  id: string;
  channel: string;
  status: ConversationStatus;
  topic: string | null;
  language: string | null;
  subject: string | null;
  firstName: string | null;
  organisationId: string | null;
  organisationName: string | null;
  assignedStaffId: string | null;
  assignedName: string | null;
  queueOrganisationId: string | null;
  queueExpertise: string | null;
  sourceSite: string | null;
  sourcePage: string | null;
  createdAt: string;
  queuedAt: string | null;
  firstResponseAt: string | null;
  lastMessageAt: string | null;
  closedAt: string | null;
  outcome: string | null;
  lastSeq: number;
  queuePosition: number | null;
  recommended: boolean;
  match: { language: boolean; expertise: boolean; provider: boolean } | null;
}
export type StaffConversation = InboxItem;

export interface StaffMessage {
  seq: number;
  kind: 'message' | 'note' | 'event';
  author: 'client' | 'staff' | 'system';
  authorName: string | null;
  authorStaffId: string | null;
  body: string;
  eventType: string | null;
  details: Record<string, unknown>;
  clientMsgId: string | null;
  createdAt: string;
}

export interface ConversationContext {
  sourceSite: string | null;
  sourcePage: string | null;
  consent: boolean;
  shortlist: { id: string; name: string; provider: string }[];
  earlier: { id: string; channel: string; topic: string | null; outcome: string | null; createdAt: string }[];
  client: { firstName: string | null; email: string | null; phone: string | null } | null;
  callback: unknown;
}

export interface ConversationDetail {
  conversation: StaffConversation;
  messages: StaffMessage[];
  context: ConversationContext;
}

export interface Colleague {
  id: string;
  name: string;
  organisationId: string | null;
  organisationName: string | null;
  languages: string[];
  expertise: string[];
  status: PresenceStatus;
}

export interface Colleagues {
  staff: Colleague[];
  organisations: { id: string; name: { fi: string; sv: string | null; en: string | null } }[];
  expertise: readonly string[];
  topics: readonly string[];
  outcomes: readonly string[];
}

export type CannedLanguage = 'fi' | 'sv' | 'en';
export interface CannedResponse {
  id: string;
  title: string;
  body: string;
  language: CannedLanguage;
  shared: boolean;
  scope: 'personal' | 'provider' | 'service';
  mine: boolean;
  updatedAt: string;
}
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
