import Bowser from 'bowser';
import type { Db } from '../../db/database-types.js';
import { recordAudit } from '../../access/audit.js';
import { authorize } from '../../access/policy.js';
import type { RequestContext } from '../../access/request-context.js';
import { sessionEvents } from '../../access/session-events.js';
import { revokeSessionsOf, selectOpenSessions } from '../../access/session.repository.js';
import type { AuthSettings } from '../../access/sessions.js';
import { AppError } from '../../errors.js';
import { sha256 } from '../../shared/secrets.js';

/**
 * A session as its owner sees it. Its id here is derived from the stored one (itself a hash of the
 * cookie), so a list, a link or a log line never carries what identifies the session in the database.
 */
export interface OwnSession {
  id: string;
  current: boolean;
  createdAt: string;
  lastSeenAt: string;
  ip: string | null;
  /** "Firefox 133 · Windows", or null when the sign-in sent no user agent. */
  browser: string | null;
}

const publicId = (sessionId: string) => sha256(`session:${sessionId}`).slice(0, 32);

/** A browser and system name from a user agent, read by bowser (a maintained parser). */
export function browserName(userAgent: string | null): string | null {
  if (!userAgent) return null;
  const { browser, os } = Bowser.parse(userAgent);
  const name = [browser.name, browser.version?.split('.')[0]].filter(Boolean).join(' ');
  const parts = [name, os.name].filter(Boolean);
  return parts.length > 0 ? parts.join(' · ') : userAgent.slice(0, 60);
}

/** The signed-in person's usable sessions, this one marked. */
export async function listOwnSessions(db: Db, ctx: RequestContext, settings: AuthSettings) {
  const actor = authorize(ctx.actor, 'console.use');
  const rows = await selectOpenSessions(db, actor.staffId, settings.sessionIdleMinutes);
  return {
    items: rows.map((row): OwnSession => ({
      id: publicId(row.id),
      current: row.id === actor.sessionId,
      createdAt: new Date(row.created_at).toISOString(),
      lastSeenAt: new Date(row.last_seen_at).toISOString(),
      ip: row.ip,
      browser: browserName(row.user_agent),
    })),
  };
}

/**
 * Ends sessions of the signed-in person: one other session by its listed id, or every other
 * one. The sockets of each (chat and meeting) are dropped on every node. This session is ended
 * by signing out, not here.
 */
export async function endOwnSessions(
  db: Db,
  ctx: RequestContext,
  settings: AuthSettings,
  which: { id: string } | 'others',
): Promise<{ ended: number }> {
  const actor = authorize(ctx.actor, 'console.use');
  const rows = await selectOpenSessions(db, actor.staffId, settings.sessionIdleMinutes);
  let ids: string[];
  if (which === 'others') {
    ids = rows.filter((r) => r.id !== actor.sessionId).map((r) => r.id);
  } else {
    const row = rows.find((r) => publicId(r.id) === which.id);
    if (!row) throw new AppError('session.not_found', 404, 'No such session of yours (it may have ended)');
    if (row.id === actor.sessionId)
      throw new AppError('session.current', 400, 'This is the session you are using: sign out instead');
    ids = [row.id];
  }
  const ended = await revokeSessionsOf(db, actor.staffId, ids, 'ended_by_owner');
  for (const sessionId of ended) sessionEvents.emit('revoked', { staffId: actor.staffId, sessionId });
  await recordAudit(db, ctx, {
    action: 'auth.sessions_ended',
    targetType: 'staff',
    targetId: actor.staffId,
    details: { ended: ended.length, which: which === 'others' ? 'others' : 'one' },
  });
  return { ended: ended.length };
}
