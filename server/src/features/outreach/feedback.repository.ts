/* SQL of the feedback links: who may be asked, the one-time link, and the rating behind it. */
import { sql } from 'kysely';
import type { Db } from '../../db/database-types.js';
import { conversationsWithClient } from '../../conversations/conversation.repository.js';

/** Whether the conversation `c` has an appointment in this state. */
const hasAppointment = (status: 'booked' | 'cancelled') =>
  sql<boolean>`exists (select 1 from appointments a where a.conversation_id = c.id and a.status = ${status})`;

/**
 * A closed conversation with what decides whether its client is asked for feedback: the
 * client's address and name, whether they wrote, and the state of its booking and rating.
 */
export function selectFeedbackCandidate(db: Db, conversationId: string) {
  return conversationsWithClient(db)
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
      hasAppointment('cancelled').as('cancelled_booking'),
      hasAppointment('booked').as('meeting_ahead'),
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
