import type { Db } from '../../db/database-types.js';
import { deleteExpiredThrottles } from './login-throttle.repository.js';
import { deleteStaleSessions } from '../../access/session.repository.js';
import { deleteExpiredChallenges } from './two-step.repository.js';
import { deleteExpiredWebauthnChallenges } from './passkeys.service.js';
import { deleteExpiredSsoLogins } from './sso.service.js';
import { deleteOldInvitations } from '../staff/staff-invitations.js';

/**
 * Removes ended sessions, stale sign-in counters, second-step challenges that timed out and
 * invitation links used or expired over 30 days ago. Idempotent, so every node may run it;
 * main.ts runs it hourly.
 */
export async function purgeExpiredAuthData(
  db: Db,
  windowMinutes: number,
): Promise<{ sessions: number; throttles: number; challenges: number; invitations: number }> {
  const sessions = await deleteStaleSessions(db);
  const throttles = await deleteExpiredThrottles(db, windowMinutes);
  const challenges =
    (await deleteExpiredChallenges(db)) +
    (await deleteExpiredWebauthnChallenges(db)) +
    (await deleteExpiredSsoLogins(db));
  const invitations = await deleteOldInvitations(db);
  return { sessions, throttles, challenges, invitations };
}
