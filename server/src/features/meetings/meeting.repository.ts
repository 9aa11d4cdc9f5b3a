/** SQL of meeting rooms: booked video appointments, the chat panel's history, chats that ended. */
import type { Db } from '../../db/database-types.js';

/** A booked video appointment by its id or its client's meeting token hash. */
export function selectBookedVideoAppointment(db: Db, where: { id?: string; tokenHash?: string }) {
  let query = db
    .selectFrom('appointments')
    .select(['id', 'conversation_id', 'staff_id', 'starts_at', 'ends_at'])
    .where('channel', '=', 'video')
    .where('status', '=', 'booked');
  if (where.id) query = query.where('id', '=', where.id);
  if (where.tokenHash) query = query.where('meeting_token_hash', '=', where.tokenHash);
  return query.executeTakeFirst();
}

/** A conversation's latest client and staff messages (no notes or events), newest first. */
export function selectLatestChatMessages(db: Db, conversationId: string, limit: number) {
  return db
    .selectFrom('messages')
    .select(['seq', 'author_type', 'body', 'created_at'])
    .where('conversation_id', '=', conversationId)
    .where('kind', '=', 'message')
    .where('author_type', 'in', ['client', 'staff'])
    .orderBy('seq', 'desc')
    .limit(limit)
    .execute();
}

/** Those of the given conversations that are closed. */
export function selectClosedConversations(db: Db, conversationIds: string[]) {
  return db
    .selectFrom('conversations')
    .select('id')
    .where('id', 'in', conversationIds)
    .where('status', '=', 'closed')
    .execute();
}
