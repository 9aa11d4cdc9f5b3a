/* SQL of acting on one conversation from the inbox: its client, history, transfer targets and call-back log. */
import { sql } from 'kysely';
import type { Db } from '../../db/database-types.js';
import type { ConversationRow } from '../../conversations/conversation.table.js';
import { withNames } from '../../conversations/staff-view.js';

/** A conversation with the names of its counsellor and provider. */
export function selectConversationWithNames(db: Db, id: string) {
  return withNames(db).where('c.id', '=', id).executeTakeFirstOrThrow();
}

/** These conversations (missing ids are left out). */
export function selectConversationsByIds(db: Db, ids: readonly string[]): Promise<ConversationRow[]> {
  return db
    .selectFrom('conversations')
    .selectAll()
    .where('id', 'in', [...ids])
    .execute();
}

/** A client's contact details, consent and whether they hold a browser secret. */
export function selectClientContact(db: Db, clientId: string) {
  return db
    .selectFrom('clients')
    .select(['first_name', 'email', 'phone', 'consent_contact_at', 'secret_hash'])
    .where('id', '=', clientId)
    .executeTakeFirst();
}

/** The client's ten latest other conversations, newest first. */
export function selectEarlierConversations(db: Db, clientId: string, exceptId: string) {
  return db
    .selectFrom('conversations')
    .select(['id', 'channel', 'topic', 'outcome', 'created_at'])
    .where('client_id', '=', clientId)
    .where('id', '<>', exceptId)
    .orderBy('created_at', 'desc')
    .limit(10)
    .execute();
}

export function selectClientEmail(db: Db, clientId: string) {
  return db.selectFrom('clients').select(['email']).where('id', '=', clientId).executeTakeFirst();
}

/** An active staff member who handles conversations (counsellor, provider admin or admin). */
export function selectActiveCounsellor(db: Db, staffId: string) {
  return db
    .selectFrom('staff')
    .select(['id', 'name', 'organisation_id'])
    .where('id', '=', staffId)
    .where('is_active', '=', true)
    .where('role', 'in', ['counsellor', 'org_admin', 'admin'])
    .executeTakeFirst();
}

/**
 * Stores a call-back's new details (its attempts); with `waitUntil` the conversation also
 * waits until then, and `firstResponse` marks the first answer now.
 */
export async function updateCallbackDetails(
  db: Db,
  id: string,
  change: { details: unknown; waitUntil?: Date | null; firstResponse: boolean },
): Promise<void> {
  await db
    .updateTable('conversations')
    .set({
      details: JSON.stringify(change.details),
      ...(change.waitUntil === undefined
        ? {}
        : { due_at: change.waitUntil, status: 'waiting' as const, updated_at: sql<Date>`now()` }),
      ...(change.firstResponse ? { first_response_at: sql<Date>`now()` } : {}),
    })
    .where('id', '=', id)
    .execute();
}
