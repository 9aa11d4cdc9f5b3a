import type { Generated } from 'kysely';

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

export interface MailSendCounterTable {
  address: string;
  window_start: Date;
  count: Generated<number>;
}
