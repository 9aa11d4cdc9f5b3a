/** SQL of the chat queue: queued chats, the counsellors present to take them, their load. */
import { sql } from 'kysely';
import type { Db } from '../../db/database-types.js';
import { PRESENCE_STALE_SECONDS } from '../../conversations/vocabulary.js';

const handlingRoles = ['counsellor', 'org_admin', 'admin'] as const;

/** Staff who are signed in to the console (seen recently), marked available, and active. */
export function selectPresentCounsellors(db: Db) {
  return db
    .selectFrom('staff_presence as p')
    .innerJoin('staff as s', 's.id', 'p.staff_id')
    .select((eb) => [
      's.id',
      's.name',
      's.organisation_id',
      's.languages',
      's.expertise',
      'p.max_chats',
      'p.status',
      eb
        .selectFrom('conversations as c')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('c.assigned_staff_id', '=', 's.id')
        .where('c.status', 'in', ['active', 'waiting'])
        .where('c.channel', '=', 'chat')
        .as('active_chats'),
      eb
        .selectFrom('conversations as c')
        .select((e) => e.fn.max('c.assigned_at').as('last'))
        .whereRef('c.assigned_staff_id', '=', 's.id')
        .as('last_assigned_at'),
    ])
    .where('s.is_active', '=', true)
    .where('s.role', 'in', handlingRoles)
    .where('p.status', '=', 'available')
    .where('p.last_seen_at', '>', sql<Date>`now() - make_interval(secs => ${PRESENCE_STALE_SECONDS})`)
    .execute();
}

/** The oldest queued chats with what decides who fits them. */
export function selectOldestQueuedChats(db: Db, limit: number) {
  return db
    .selectFrom('conversations')
    .select(['id', 'language', 'topic', 'queue_organisation_id', 'queue_expertise', 'details'])
    .where('status', '=', 'queued')
    .where('channel', '=', 'chat')
    .orderBy('queued_at')
    .limit(limit)
    .execute();
}

/** Every queued chat's id, in queue order. */
export async function selectQueuedChatIds(db: Db): Promise<string[]> {
  const rows = await db
    .selectFrom('conversations')
    .select('id')
    .where('status', '=', 'queued')
    .where('channel', '=', 'chat')
    .orderBy('queued_at')
    .orderBy('created_at')
    .execute();
  return rows.map((row) => row.id);
}

/**
 * Queued chats per language: how many, and how long the one waiting longest has waited
 * (seconds, by the database's clock): one grouped read over the (status, channel) index.
 */
export function selectQueueByLanguage(db: Db) {
  return db
    .selectFrom('conversations')
    .select((eb) => [
      'language',
      eb.fn.countAll<number>().as('queued'),
      sql<number>`extract(epoch from now() - min(coalesce(queued_at, created_at)))::float8`.as(
        'longest_wait_seconds',
      ),
    ])
    .where('status', '=', 'queued')
    .where('channel', '=', 'chat')
    .groupBy('language')
    .execute();
}

/** A counsellor's presence row, locked until the transaction ends; undefined without one. */
export function lockPresence(trx: Db, staffId: string) {
  return trx
    .selectFrom('staff_presence')
    .select('max_chats')
    .where('staff_id', '=', staffId)
    .forUpdate()
    .executeTakeFirst();
}

/** How many open (active or waiting) chats a staff member has. */
export async function countActiveChats(db: Db, staffId: string): Promise<number> {
  const row = await db
    .selectFrom('conversations')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('assigned_staff_id', '=', staffId)
    .where('status', 'in', ['active', 'waiting'])
    .where('channel', '=', 'chat')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The median seconds from start to pick-up over the last 30 days' chats; null without any. */
export async function selectMedianPickupSeconds(db: Db): Promise<number | null> {
  const recent = await db
    .selectFrom('conversations')
    .select(
      sql<
        number | null
      >`percentile_cont(0.5) within group (order by extract(epoch from assigned_at - created_at))`.as(
        'median',
      ),
    )
    .where('channel', '=', 'chat')
    .where('assigned_at', 'is not', null)
    .where('created_at', '>', sql<Date>`now() - interval '30 days'`)
    .executeTakeFirst();
  return recent?.median == null ? null : Number(recent.median);
}
