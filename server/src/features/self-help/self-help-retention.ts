import { sql } from 'kysely';
import type { Db } from '../../db/database-types.js';
import { CHAT_RETENTION_DAYS } from '../../conversations/vocabulary.js';
import { purgeSearchLog } from '../search/search-log.js';

/**
 * The self-help data past its time: logged questions after SEARCH_LOG_RETENTION_DAYS; the
 * outcome counts (no text, no person) with the conversations they are compared with.
 */
export async function purgeSelfHelpData(
  db: Db,
  now = new Date(),
): Promise<{ searches: number; outcomes: number }> {
  const searches = await purgeSearchLog(db, now);
  return { searches, outcomes: await purgeSelfHelpOutcomes(db, now) };
}

/** The outcome counts (no text, no person), kept as long as the chats they are compared with. */
export async function purgeSelfHelpOutcomes(db: Db, now = new Date()): Promise<number> {
  const result = await db
    .deleteFrom('self_help_outcomes')
    .where('created_at', '<', sql<Date>`${now}::timestamptz - make_interval(days => ${CHAT_RETENTION_DAYS})`)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
