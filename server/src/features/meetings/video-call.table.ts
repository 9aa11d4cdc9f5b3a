import type { Generated } from 'kysely';

/** A video call a counsellor offered inside a chat (docs/video.md, "Video call in a chat"). */
export interface VideoCallTable {
  id: Generated<string>;
  conversation_id: string;
  staff_id: string;
  status: Generated<'offered' | 'accepted' | 'declined'>;
  token_hash: string;
  offered_at: Generated<Date>;
  answered_at: Date | null;
  expires_at: Date;
}
