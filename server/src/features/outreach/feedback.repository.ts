/* SQL of the feedback links: who may be asked, the one-time link, and the rating behind it. */
import { sql } from 'kysely';
import type { Db } from '../../db/database-types.js';

/**
 * A closed conversation with what decides whether its client is asked for feedback: the
 * client's address and name, whether they wrote, and the state of its booking and rating.
 */
export function selectFeedbackCandidate(db: Db, conversationId: string) {
  return db
    .selectFrom('conversations as c')
    .innerJoin('clients as cl', 'cl.id', 'c.client_id')
    .select([
      'c.id',
      'c.channel',
      'c.status',
      'c.outcome',
      'c.language',
      'c.details',
      'c.feedback_token_hash',
      'c.first_response_at',
      'cl.email',
      'cl.first_name',
      'cl.preferred_language',
    ])
    .select((eb) => [
      eb
        .exists(
          eb
            .selectFrom('messages as m')
            .select('m.id')
            .whereRef('m.conversation_id', '=', 'c.id')
            .where('m.author_type', '=', 'client'),
        )
        .as('client_wrote'),
      eb
        .exists(
          eb
            .selectFrom('appointments as a')
            .select('a.id')
            .whereRef('a.conversation_id', '=', 'c.id')
            .where('a.status', '=', 'cancelled'),
        )
        .as('cancelled_booking'),
      eb
        .exists(
          eb
            .selectFrom('appointments as a')
            .select('a.id')
            .whereRef('a.conversation_id', '=', 'c.id')
            .where('a.status', '=', 'booked'),
        )
        .as('meeting_ahead'),
      eb
        .exists(
          eb
            .selectFrom('conversation_feedback as f')
            .select('f.conversation_id')
            .whereRef('f.conversation_id', '=', 'c.id'),
        )
        .as('rated'),
    ])
    .where('c.id', '=', conversationId)
    .executeTakeFirst();
}

/** Stores the hash of a conversation's feedback token; false when it already had one. */
export async function claimFeedbackToken(
  db: Db,
  conversationId: string,
  tokenHash: string,
): Promise<boolean> {
  const claimed = await db
    .updateTable('conversations')
    .set({ feedback_token_hash: tokenHash })
    .where('id', '=', conversationId)
    // Guards the race of two closes of the same conversation: only the first sets a token.
    .where('feedback_token_hash', 'is', null)
    .returning('id')
    .executeTakeFirst();
  return !!claimed;
}

/** Marks done the booked appointments of these conversations whose start time has come. */
export async function markStartedAppointmentsDone(db: Db, conversationIds: readonly string[]): Promise<void> {
  await db
    .updateTable('appointments')
    .set({ status: 'done' })
    .where('conversation_id', 'in', [...conversationIds])
    .where('status', '=', 'booked')
    .where('starts_at', '<=', sql<Date>`now()`)
    .execute();
}

/** The conversation behind a feedback token hash, and whether it closed over `validDays` ago. */
export function selectConversationByFeedbackToken(db: Db, tokenHash: string, validDays: number) {
  return db
    .selectFrom('conversations')
    .select([
      'id',
      'channel',
      'language',
      sql<boolean>`closed_at is not null and closed_at < now() - make_interval(days => ${validDays})`.as(
        'expired',
      ),
    ])
    .where('feedback_token_hash', '=', tokenHash)
    .executeTakeFirst();
}

/** The rating recorded for a conversation, if any. */
export function selectFeedback(db: Db, conversationId: string) {
  return db
    .selectFrom('conversation_feedback')
    .select(['score', 'comment'])
    .where('conversation_id', '=', conversationId)
    .executeTakeFirst();
}
