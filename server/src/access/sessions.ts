import type { Db } from '../db/database-types.js';
import type { StaffActor } from './actor.js';
import { findLiveSession, touchSession } from './session.repository.js';
import { sha256 } from '../shared/secrets.js';

export interface AuthSettings {
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  maxFailuresPerAccount: number;
  maxFailuresPerIp: number;
  failureWindowMinutes: number;
}

/**
 * Resolves a session cookie to the staff actor, or undefined when the session is unknown,
 * revoked, idle too long, past its absolute lifetime, or its owner was deactivated.
 */
export async function resolveSession(
  db: Db,
  settings: AuthSettings,
  token: string,
): Promise<StaffActor | undefined> {
  const session = await findLiveSession(db, sha256(token), settings.sessionIdleMinutes);
  if (!session) return undefined;
  // Write at most once a minute per session: enough for the idle timeout, cheap on the database.
  if (Date.now() - session.lastSeenAt.getTime() > 60_000) await touchSession(db, session.sessionId);
  return {
    type: 'staff',
    staffId: session.staffId,
    role: session.role,
    organisationId: session.organisationId,
    sessionId: session.sessionId,
    grants: session.grants,
  };
}
