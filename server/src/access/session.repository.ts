import { sql } from 'kysely';
import type { Db } from '../db/database-types.js';
import type { StaffGrant, StaffRole } from './actor.js';

export async function insertSession(
  db: Db,
  session: {
    id: string;
    staffId: string;
    expiresAt: Date;
    ip?: string | null;
    userAgent?: string | null;
    ssoProviderId?: string | null;
  },
): Promise<void> {
  await db
    .insertInto('sessions')
    .values({
      id: session.id,
      staff_id: session.staffId,
      expires_at: session.expiresAt,
      ip: session.ip ?? null,
      user_agent: session.userAgent?.slice(0, 300) ?? null,
      sso_provider_id: session.ssoProviderId ?? null,
    })
    .execute();
}

/** A staff member's usable sessions (as findLiveSession counts them), the last used first. */
export function selectOpenSessions(db: Db, staffId: string, idleMinutes: number) {
  return db
    .selectFrom('sessions')
    .select(['id', 'created_at', 'last_seen_at', 'ip', 'user_agent'])
    .where('staff_id', '=', staffId)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', sql<Date>`now()`)
    .where('last_seen_at', '>', sql<Date>`now() - make_interval(mins => ${idleMinutes})`)
    .orderBy('last_seen_at', 'desc')
    .orderBy('created_at', 'desc')
    .execute();
}

/** Revokes some open sessions of a staff member; returns the ids it revoked. */
export async function revokeSessionsOf(
  db: Db,
  staffId: string,
  ids: string[],
  reason: string,
): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .updateTable('sessions')
    .set({ revoked_at: sql<Date>`now()`, revoke_reason: reason })
    .where('staff_id', '=', staffId)
    .where('id', 'in', ids)
    .where('revoked_at', 'is', null)
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

export interface LiveSession {
  sessionId: string;
  staffId: string;
  role: StaffRole;
  organisationId: string | null;
  grants: StaffGrant[];
  lastSeenAt: Date;
}

/**
 * The session with this id if it is usable: not revoked, within its absolute lifetime,
 * used within the idle timeout, and belonging to an active staff member.
 */
export async function findLiveSession(
  db: Db,
  sessionId: string,
  idleMinutes: number,
): Promise<LiveSession | undefined> {
  const row = await db
    .selectFrom('sessions')
    .innerJoin('staff', 'staff.id', 'sessions.staff_id')
    .select([
      'sessions.id as sessionId',
      'sessions.last_seen_at as lastSeenAt',
      'staff.id as staffId',
      'staff.role as role',
      'staff.organisation_id as organisationId',
      'staff.grants as grants',
    ])
    .where('sessions.id', '=', sessionId)
    .where('sessions.revoked_at', 'is', null)
    .where('sessions.expires_at', '>', sql<Date>`now()`)
    .where('sessions.last_seen_at', '>', sql<Date>`now() - make_interval(mins => ${idleMinutes})`)
    .where('staff.is_active', '=', true)
    .executeTakeFirst();
  return row;
}

export async function touchSession(db: Db, sessionId: string): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ last_seen_at: sql<Date>`now()` })
    .where('id', '=', sessionId)
    .execute();
}

export async function revokeSession(db: Db, sessionId: string, reason: string): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ revoked_at: sql<Date>`now()`, revoke_reason: reason })
    .where('id', '=', sessionId)
    .where('revoked_at', 'is', null)
    .execute();
}

/**
 * Revokes every open session of a staff member; returns how many were open. The caller tells
 * the live side (`sessionEvents.emit('revoked', …)`) once its transaction has committed.
 */
export async function revokeStaffSessions(db: Db, staffId: string, reason: string): Promise<number> {
  const result = await db
    .updateTable('sessions')
    .set({ revoked_at: sql<Date>`now()`, revoke_reason: reason })
    .where('staff_id', '=', staffId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Deletes sessions that ended more than a day ago; they are no use and hold no history. */
export async function deleteStaleSessions(db: Db): Promise<number> {
  const result = await db
    .deleteFrom('sessions')
    .where((eb) =>
      eb.or([
        eb('expires_at', '<', sql<Date>`now() - interval '1 day'`),
        eb('revoked_at', '<', sql<Date>`now() - interval '1 day'`),
      ]),
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
