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
  client_ref: string | null;
  feedback_token_hash: string | null;
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

export const presenceStatuses = ['available', 'away', 'offline'] as const;
export type PresenceStatus = (typeof presenceStatuses)[number];

export interface StaffPresenceTable {
  staff_id: string;
  status: Generated<PresenceStatus>;
  max_chats: Generated<number>;
  last_seen_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface ChatSettingsTable {
  id: Generated<boolean>;
  assignment: Generated<'manual' | 'auto'>;
  max_wait_seconds: Generated<number>;
  updated_at: Generated<Date>;
}

export interface OpeningHoursTable {
  id: Generated<string>;
  organisation_id: string | null;
  weekday: number;
  opens_minute: number;
  closes_minute: number;
}

export interface OpeningExceptionTable {
  id: Generated<string>;
  organisation_id: string | null;
  day: ColumnType<string, string, string>;
  opens_minute: number | null;
  closes_minute: number | null;
  note: Generated<string>;
}

export interface CannedResponseTable {
  id: Generated<string>;
  staff_id: string | null;
  organisation_id: string | null;
  language: 'fi' | 'sv' | 'en';
  title: string;
  body: string;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface ConversationFeedbackTable {
  conversation_id: string;
  score: number;
  comment: Generated<string>;
  created_at: Generated<Date>;
}

export interface OutgoingMailTable {
  id: Generated<string>;
  conversation_id: string | null;
  to_address: string;
  subject: string;
  text_body: string;
  status: Generated<'queued' | 'sent' | 'failed' | 'stored'>;
  attempts: Generated<number>;
  last_error: string | null;
  created_at: Generated<Date>;
  sent_at: Date | null;
  kind: Generated<string>;
  from_address: Generated<string>;
  reply_to: string | null;
  html_body: string | null;
  message_id: Generated<string>;
  in_reply_to: string | null;
  references_header: string | null;
  auto_submitted: string | null;
  message_seq: number | null;
  next_attempt_at: Generated<Date | null>;
  calendar: string | null;
}

export interface MailMessageIdTable {
  message_id: string;
  conversation_id: string;
  created_at: Generated<Date>;
}

export interface AttachmentTable {
  id: Generated<string>;
  conversation_id: string;
  message_seq: number;
  filename: string;
  content_type: string;
  size_bytes: number;
  content: Uint8Array;
  created_at: Generated<Date>;
}

export interface MailSendCounterTable {
  address: string;
  window_start: Date;
  count: Generated<number>;
}

export type ConversationRow = Selectable<ConversationTable>;
export type MessageRow = Selectable<MessageTable>;
