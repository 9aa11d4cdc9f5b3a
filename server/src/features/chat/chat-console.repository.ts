/** SQL of the chat console: the queue and own chats as listed, presence, transfer targets. */
import { sql } from 'kysely';
import type { Db } from '../../db/database-types.js';
import { withNames } from '../../conversations/staff-view.js';
import { PRESENCE_STALE_SECONDS } from '../../conversations/vocabulary.js';
import type { PresenceStatus } from './chat.table.js';

/** Queued chats with the assignee's and provider's names, oldest first (at most 200). */
export function selectQueuedChatItems(db: Db, filter: { topic?: string; language?: string }) {
  let query = withNames(db).where('c.status', '=', 'queued').where('c.channel', '=', 'chat');
  if (filter.topic) query = query.where('c.topic', '=', filter.topic);
  if (filter.language) query = query.where('c.language', '=', filter.language);
  return query.orderBy('c.queued_at').limit(200).execute();
}

/** A staff member's open (active or waiting) chats, in the order they were assigned. */
export function selectOpenChatItems(db: Db, staffId: string) {
  return (
    withNames(db)
      .where('c.assigned_staff_id', '=', staffId)
      .where('c.status', 'in', ['active', 'waiting'])
      // Email and call-backs taken by the counsellor are in the unified inbox, not among the chats.
      .where('c.channel', '=', 'chat')
      .orderBy('c.assigned_at')
      .execute()
  );
}

export function selectPresence(db: Db, staffId: string) {
  return db
    .selectFrom('staff_presence')
    .select(['status', 'max_chats', 'last_seen_at'])
    .where('staff_id', '=', staffId)
    .executeTakeFirst();
}

/** Stores a staff member's status and maximum chats, and marks them seen now. */
export async function upsertPresence(
  db: Db,
  staffId: string,
  values: { status: PresenceStatus; maxChats: number },
): Promise<void> {
  await db
    .insertInto('staff_presence')
    .values({ staff_id: staffId, status: values.status, max_chats: values.maxChats })
    .onConflict((oc) =>
      oc.column('staff_id').doUpdateSet({
        status: values.status,
        max_chats: values.maxChats,
        last_seen_at: sql<Date>`now()`,
        updated_at: sql<Date>`now()`,
      }),
    )
    .execute();
}

/** Marks these staff members seen now, creating their presence rows if need be. */
export async function upsertLastSeen(db: Db, staffIds: string[]): Promise<void> {
  await db
    .insertInto('staff_presence')
    .values(staffIds.map((id) => ({ staff_id: id })))
    .onConflict((oc) => oc.column('staff_id').doUpdateSet({ last_seen_at: sql<Date>`now()` }))
    .execute();
}

/**
 * Active staff who handle chats, but one, by name, with their status: offline unless their
 * console was seen recently.
 */
export function selectColleagues(db: Db, exceptStaffId: string) {
  return db
    .selectFrom('staff as s')
    .leftJoin('staff_presence as p', 'p.staff_id', 's.id')
    .leftJoin('organisations as o', 'o.id', 's.organisation_id')
    .select([
      's.id',
      's.name',
      's.organisation_id',
      'o.name_fi as organisation_name',
      's.languages',
      's.expertise',
      sql<PresenceStatus>`case when p.last_seen_at > now() - make_interval(secs => ${PRESENCE_STALE_SECONDS}) then p.status else 'offline' end`.as(
        'status',
      ),
    ])
    .where('s.is_active', '=', true)
    .where('s.role', 'in', ['counsellor', 'org_admin', 'admin'])
    .where('s.id', '<>', exceptStaffId)
    .orderBy('s.name')
    .execute();
}

export function selectActiveOrganisations(db: Db) {
  return db
    .selectFrom('organisations')
    .select(['id', 'name_fi', 'name_sv', 'name_en'])
    .where('is_active', '=', true)
    .orderBy('name_fi')
    .execute();
}
