import { sql } from 'kysely';
import type { Db } from '../db/database-types.js';

/** One rating per conversation, whatever the channel; a later one replaces it. */
export async function upsertFeedback(
  db: Db,
  conversationId: string,
  score: number,
  comment: string | undefined,
): Promise<void> {
  await db
    .insertInto('conversation_feedback')
    .values({ conversation_id: conversationId, score, comment: comment ?? '' })
    .onConflict((oc) =>
      oc.column('conversation_id').doUpdateSet({
        score,
        ...(comment === undefined ? {} : { comment }),
        created_at: sql<Date>`now()`,
      }),
    )
    .execute();
}

/** The rating recorded for a conversation, if any. */
export function selectFeedback(db: Db, conversationId: string) {
  return db
    .selectFrom('conversation_feedback')
    .select(['score', 'comment'])
    .where('conversation_id', '=', conversationId)
    .executeTakeFirst();
}
