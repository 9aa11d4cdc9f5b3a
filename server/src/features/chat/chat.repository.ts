/** SQL of the visitor's side of chat, the chat settings and the origins that may embed it. */
import { sql } from 'kysely';
import type { Db } from '../../db/database-types.js';

/** The service-wide chat settings (one row); undefined before the first is stored. */
export function selectChatSettings(db: Db) {
  return db.selectFrom('chat_settings').selectAll().executeTakeFirst();
}

export async function updateChatSettings(
  db: Db,
  values: { assignment: 'manual' | 'auto'; maxWaitSeconds: number },
): Promise<void> {
  await db
    .updateTable('chat_settings')
    .set({ assignment: values.assignment, max_wait_seconds: values.maxWaitSeconds, updated_at: new Date() })
    .execute();
}

/** The allow-lists of every active provider, as stored. */
export async function selectAllowedOrigins(db: Db): Promise<string[][]> {
  const rows = await db
    .selectFrom('organisations')
    .select('allowed_origins')
    .where('is_active', '=', true)
    .execute();
  return rows.map((row) => row.allowed_origins);
}

/** Programmes with their provider's Finnish name, for a visitor's shortlist. */
export function selectShortlistProgrammes(db: Db, ids: string[]) {
  return db
    .selectFrom('programmes as p')
    .innerJoin('organisations as o', 'o.id', 'p.organisation_id')
    .select(['p.id', 'p.name', 'o.name_fi'])
    .where('p.id', 'in', ids)
    .execute();
}

/** A staff member's name with their provider's names in each language. */
export function selectStaffWithProvider(db: Db, staffId: string) {
  return db
    .selectFrom('staff as s')
    .leftJoin('organisations as o', 'o.id', 's.organisation_id')
    .select(['s.name', 'o.name_fi', 'o.name_sv', 'o.name_en'])
    .where('s.id', '=', staffId)
    .executeTakeFirst();
}

/**
 * Closes a conversation the visitor left, keeping it for `retentionDays`; false when it was
 * closed already.
 */
export async function updateConversationClosedByClient(
  trx: Db,
  id: string,
  values: { retentionDays: number; outcome?: string },
): Promise<boolean> {
  const updated = await trx
    .updateTable('conversations')
    .set({
      status: 'closed',
      closed_at: sql<Date>`now()`,
      queued_at: null,
      retain_until: sql<Date>`now() + make_interval(days => ${values.retentionDays})`,
      ...(values.outcome ? { outcome: values.outcome } : {}),
    })
    .where('id', '=', id)
    // Guards the race with a counsellor closing it at the same moment: one close wins.
    .where('status', '<>', 'closed')
    .returning('id')
    .executeTakeFirst();
  return !!updated;
}

/** How many transcripts of a conversation have been queued for sending. */
export async function countTranscriptMails(db: Db, conversationId: string): Promise<number> {
  const sent = await db
    .selectFrom('outgoing_mail')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('conversation_id', '=', conversationId)
    .where('kind', '=', 'chat_transcript')
    .executeTakeFirstOrThrow();
  return Number(sent.n);
}
