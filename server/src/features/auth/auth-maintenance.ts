import type { Db } from '../../db/database-types.js';
import { deleteExpiredThrottles } from './login-throttle.repository.js';
import { deleteStaleSessions } from '../../access/session.repository.js';

/**
 * Removes ended sessions and stale sign-in counters. Idempotent, so every node may run it;
 * main.ts runs it hourly.
 */
export async function purgeExpiredAuthData(
  db: Db,
  windowMinutes: number,
): Promise<{ sessions: number; throttles: number }> {
  const sessions = await deleteStaleSessions(db);
  const throttles = await deleteExpiredThrottles(db, windowMinutes);
  return { sessions, throttles };
}
