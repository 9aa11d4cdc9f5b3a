import { sql } from 'kysely';
import type { Db } from '../db/database-types.js';
import { CHAT_RETENTION_DAYS } from './vocabulary.js';
import type { Channel } from './conversation.table.js';

/**
 * The columns every way of closing a conversation sets (a counsellor, a bulk close, a logged
 * call, a cancelled booking): closed now, out of the queue, kept CHAT_RETENTION_DAYS from now —
 * unless it has a retention date of its own already (a contact request keeps its date).
 */
export function closedNow(outcome: string) {
  return {
    status: 'closed' as const,
    outcome,
    closed_at: sql<Date>`coalesce(closed_at, now())`,
    queued_at: null,
    updated_at: sql<Date>`now()`,
    retain_until: sql<Date>`coalesce(retain_until, now() + make_interval(days => ${CHAT_RETENTION_DAYS}))`,
  };
}

/**
 * The same columns as closedNow, for a contact that closed at a known time (recorded history):
 * kept CHAT_RETENTION_DAYS from that time, unless it has a retention date of its own.
 */
export function closedAt(outcome: string, at: Date, retainUntil?: Date | null) {
  return {
    status: 'closed' as const,
    outcome,
    closed_at: at,
    queued_at: null,
    updated_at: at,
    retain_until: retainUntil ?? new Date(at.getTime() + CHAT_RETENTION_DAYS * 86_400_000),
  };
}

/** Sent or stored mail is kept this long for delivery questions, then deleted. */
export const OUTGOING_MAIL_RETENTION_DAYS = 30;

/**
 * Deletes conversations past their retain_until and under no legal hold (messages, notes and
 * feedback go with them)
 * and the clients left without any conversation: anonymous by default, forgotten on time.
 */
export async function purgeExpiredConversations(
  db: Db,
  now = new Date(),
  channel?: Channel,
): Promise<number> {
  // A legal hold pauses retention until it is released.
  let query = db
    .deleteFrom('conversations')
    .where('retain_until', '<', now)
    .where('legal_hold_at', 'is', null);
  if (channel) query = query.where('channel', '=', channel);
  const expired = await query.returning('client_id').execute();
  const clientIds = expired.map((e) => e.client_id).filter((id): id is string => !!id);
  if (clientIds.length > 0) {
    await db
      .deleteFrom('clients')
      .where('id', 'in', clientIds)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('conversations').select('id').whereRef('conversations.client_id', '=', 'clients.id'),
          ),
        ),
      )
      .execute();
  }
  if (!channel) {
    await db
      .deleteFrom('outgoing_mail')
      .where('status', 'in', ['sent', 'stored', 'failed'])
      .where(
        'created_at',
        '<',
        sql<Date>`${now}::timestamptz - make_interval(days => ${OUTGOING_MAIL_RETENTION_DAYS})`,
      )
      .execute();
    // Confirmation counters are only needed for the hour they count.
    await db
      .deleteFrom('mail_send_counters')
      .where('window_start', '<', sql<Date>`${now}::timestamptz - interval '1 day'`)
      .execute();
  }
  return expired.length;
}
