import type { Db } from '../db/database-types.js';
import type { ConversationRow } from './conversation.table.js';

/** One conversation by id, or undefined. */
export function selectConversation(db: Db, id: string): Promise<ConversationRow | undefined> {
  return db.selectFrom('conversations').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Conversations (`c`) that have a client, with the client (`cl`). */
export function conversationsWithClient(db: Db) {
  return db.selectFrom('conversations as c').innerJoin('clients as cl', 'cl.id', 'c.client_id');
}

/** What a queued visitor's place in the queue is shown with, for these conversations. */
export function selectQueueStates(db: Db, ids: readonly string[]) {
  return db
    .selectFrom('conversations')
    .select(['id', 'topic', 'language', 'last_seq'])
    .where('id', 'in', ids)
    .execute();
}
