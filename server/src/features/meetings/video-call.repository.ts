/** SQL of video calls offered in a chat: offers, answers, and the meeting a call opens. */
import type { Insertable } from 'kysely';
import type { Db } from '../../db/database-types.js';
import type { VideoCallTable } from './video-call.table.js';

/** The latest offer of this counsellor in this chat that was not declined and has not expired. */
export function selectOpenVideoCallOffer(db: Db, conversationId: string, staffId: string, now: Date) {
  return db
    .selectFrom('video_calls')
    .select(['id', 'status', 'expires_at'])
    .where('conversation_id', '=', conversationId)
    .where('staff_id', '=', staffId)
    .where('status', '<>', 'declined')
    .where('expires_at', '>', now)
    .orderBy('offered_at', 'desc')
    .executeTakeFirst();
}

export async function insertVideoCall(db: Db, values: Insertable<VideoCallTable>) {
  await db.insertInto('video_calls').values(values).execute();
}

/** A video call of this conversation. */
export function selectVideoCallOfConversation(db: Db, id: string, conversationId: string) {
  return db
    .selectFrom('video_calls')
    .selectAll()
    .where('id', '=', id)
    .where('conversation_id', '=', conversationId)
    .executeTakeFirst();
}

/** Records the answer to an offer still open; undefined when it had been answered already. */
export function updateVideoCallAnswer(db: Db, id: string, status: 'accepted' | 'declined', now: Date) {
  return (
    db
      .updateTable('video_calls')
      .set({ status, answered_at: now })
      .where('id', '=', id)
      // The guard of the race: only the first answer counts.
      .where('status', '=', 'offered')
      .returning('id')
      .executeTakeFirst()
  );
}

/** A video call that was not declined, by its id or its token hash, with its chat's status. */
export function selectVideoCallMeeting(db: Db, where: { id?: string; tokenHash?: string }) {
  let query = db
    .selectFrom('video_calls as v')
    .innerJoin('conversations as c', 'c.id', 'v.conversation_id')
    .select([
      'v.id',
      'v.conversation_id',
      'v.staff_id',
      'v.status',
      'v.offered_at',
      'v.expires_at',
      'c.status as conversation_status',
    ])
    .where('v.status', '<>', 'declined');
  if (where.id) query = query.where('v.id', '=', where.id);
  if (where.tokenHash) query = query.where('v.token_hash', '=', where.tokenHash);
  return query.executeTakeFirst();
}
