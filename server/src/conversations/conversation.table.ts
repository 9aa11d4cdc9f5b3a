import type { ColumnType, Generated, Selectable } from 'kysely';

/** `web_form`: a contact request left on a page (the finder, the shortlist) with consent. */
export const channels = ['chat', 'email', 'phone', 'video', 'in_person', 'web_form'] as const;
export type Channel = (typeof channels)[number];
export const conversationStatuses = ['queued', 'active', 'waiting', 'closed'] as const;
export type ConversationStatus = (typeof conversationStatuses)[number];

type Json = ColumnType<Record<string, unknown>, string | undefined, string>;

export interface ClientTable {
  id: Generated<string>;
  secret_hash: string | null;
  first_name: string | null;
  email: string | null;
  phone: string | null;
  preferred_language: string | null;
  consent_contact_at: Date | null;
  created_at: Generated<Date>;
  last_seen_at: Generated<Date>;
}

export interface ConversationTable {
  id: Generated<string>;
  channel: Channel;
  status: Generated<ConversationStatus>;
  client_id: string | null;
  organisation_id: string | null;
  assigned_staff_id: string | null;
  topic: string | null;
  language: string | null;
  subject: string | null;
  source_site: string | null;
  source_page: string | null;
  outcome: string | null;
  last_seq: Generated<number>;
  details: Json;
  created_at: Generated<Date>;
  first_response_at: Date | null;
  last_message_at: Date | null;
  closed_at: Date | null;
  updated_at: Generated<Date>;
  retain_until: Date | null;
  access_hash: string | null;
  queued_at: Date | null;
  assigned_at: Date | null;
  queue_organisation_id: string | null;
  queue_expertise: string | null;
  reply_token: string | null;
  due_at: Date | null;
  event_id: string | null;
  client_age_band: ClientAgeBand | null;
  client_situation: ClientSituation | null;
  /** Statistics Finland's code of the client's home municipality (conversations/about-you.ts). */
  client_municipality: string | null;
  client_ref: string | null;
  feedback_token_hash: string | null;
  /** Where the conversation was started (see self-help/entry-point.ts); null before it was kept. */
  entry_point: string | null;
  entry_guide_key: string | null;
  /** A legal hold: retention paused and erasure refused while set (privacy/legal-hold.ts). */
  legal_hold_reason: string | null;
  legal_hold_at: Date | null;
  legal_hold_by: string | null;
  /** Set when the conversation was erased: only what the statistics count is left. */
  erased_at: Date | null;
}

/** The anonymous client group a counsellor may note on a contact (never required). */
export const clientAgeBands = ['under_25', '25_34', '35_44', '45_54', '55_plus'] as const;
export type ClientAgeBand = (typeof clientAgeBands)[number];
export const clientSituations = ['working', 'unemployed', 'new_in_finland', 'student', 'other'] as const;
export type ClientSituation = (typeof clientSituations)[number];

export interface MessageTable {
  id: Generated<number>;
  conversation_id: string;
  seq: number;
  kind: 'message' | 'note' | 'event';
  author_type: 'client' | 'staff' | 'system';
  author_staff_id: string | null;
  body: Generated<string>;
  event_type: string | null;
  client_msg_id: string | null;
  details: Json;
  created_at: Generated<Date>;
}

export interface ConversationFeedbackTable {
  conversation_id: string;
  score: number;
  comment: Generated<string>;
  created_at: Generated<Date>;
}

/** The days each class of data is kept, as admins set them (conversations/retention.ts). */
export interface RetentionSettingTable {
  data_class: string;
  days: number;
  updated_at: Generated<Date>;
  updated_by: string | null;
}

export type ConversationRow = Selectable<ConversationTable>;
export type MessageRow = Selectable<MessageTable>;
