import type { Generated } from 'kysely';

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
