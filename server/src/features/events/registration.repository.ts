import { sql, type Insertable } from 'kysely';
import type { Db } from '../../db/database-types.js';
import type { EventRegistrationRow, EventRegistrationTable } from '../outreach/outreach.table.js';

/** Takes the event's row lock: registrations and cancellations of one session run one at a time. */
export async function lockEvent(trx: Db, eventId: string): Promise<void> {
  await trx.selectFrom('events').select('id').where('id', '=', eventId).forUpdate().executeTakeFirst();
}

/** The live (not cancelled) registration of an address for a session. */
export async function findLiveRegistration(
  db: Db,
  eventId: string,
  email: string,
): Promise<EventRegistrationRow | undefined> {
  return db
    .selectFrom('event_registrations')
    .selectAll()
    .where('event_id', '=', eventId)
    .where(sql<string>`lower(email)`, '=', email.toLowerCase())
    .where('status', '!=', 'cancelled')
    .executeTakeFirst();
}

export async function countRegistered(db: Db, eventId: string): Promise<number> {
  const row = await db
    .selectFrom('event_registrations')
    .select(db.fn.countAll<string>().as('n'))
    .where('event_id', '=', eventId)
    .where('status', '=', 'registered')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertRegistration(
  db: Db,
  values: Insertable<EventRegistrationTable> & { id: string },
): Promise<EventRegistrationRow> {
  return (
    db
      .insertInto('event_registrations')
      // The clock, not the transaction's start: the waiting list's order is the order the
      // registrations got the event's lock in.
      .values({ ...values, created_at: sql<Date>`clock_timestamp()` })
      .returningAll()
      .executeTakeFirstOrThrow()
  );
}

export async function findRegistrationByTokenHash(
  db: Db,
  tokenHash: string,
): Promise<EventRegistrationRow | undefined> {
  return db
    .selectFrom('event_registrations')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
}

export async function findRegistration(db: Db, id: string): Promise<EventRegistrationRow | undefined> {
  return db.selectFrom('event_registrations').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Cancels a live registration; undefined when it was cancelled already. */
export async function cancelRegistrationRow(db: Db, id: string): Promise<EventRegistrationRow | undefined> {
  return db
    .updateTable('event_registrations')
    .set({ status: 'cancelled', cancelled_at: sql<Date>`now()` })
    .where('id', '=', id)
    .where('status', '!=', 'cancelled')
    .returningAll()
    .executeTakeFirst();
}

/** Gives the first `count` on the waiting list a place, in the order they registered. */
export async function promoteWaiting(
  db: Db,
  eventId: string,
  count: number,
): Promise<EventRegistrationRow[]> {
  if (count <= 0) return [];
  const first = db
    .selectFrom('event_registrations')
    .select('id')
    .where('event_id', '=', eventId)
    .where('status', '=', 'waiting')
    .orderBy('created_at')
    .orderBy('id')
    .limit(count);
  return db
    .updateTable('event_registrations')
    .set({ status: 'registered', promoted_at: sql<Date>`now()` })
    .where('id', 'in', first)
    .returningAll()
    .execute();
}

/** The place on the waiting list: 1 for the next to get a place. */
export async function waitingPosition(db: Db, row: EventRegistrationRow): Promise<number> {
  const ahead = await db
    .selectFrom('event_registrations')
    .select(db.fn.countAll<string>().as('n'))
    .where('event_id', '=', row.event_id)
    .where('status', '=', 'waiting')
    .where((eb) =>
      eb.or([
        eb('created_at', '<', row.created_at),
        eb.and([eb('created_at', '=', row.created_at), eb('id', '<', row.id)]),
      ]),
    )
    .executeTakeFirstOrThrow();
  return Number(ahead.n) + 1;
}

/** Every registration of a session: places first, then the waiting list, then the cancelled. */
export async function selectEventRegistrations(db: Db, eventId: string): Promise<EventRegistrationRow[]> {
  return db
    .selectFrom('event_registrations')
    .selectAll()
    .where('event_id', '=', eventId)
    .orderBy(sql`case status when 'registered' then 0 when 'waiting' then 1 else 2 end`)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** The live registrations of a session with an address (those to tell of a change). */
export async function selectLiveRegistrations(db: Db, eventId: string): Promise<EventRegistrationRow[]> {
  return db
    .selectFrom('event_registrations')
    .selectAll()
    .where('event_id', '=', eventId)
    .where('status', '!=', 'cancelled')
    .where('email', 'is not', null)
    .execute();
}

export async function setAttendance(
  db: Db,
  id: string,
  attended: boolean | null,
): Promise<EventRegistrationRow> {
  return db
    .updateTable('event_registrations')
    .set({ attended })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export type RegistrationReminderColumn = 'reminded_day_before_at' | 'reminded_hour_before_at';

/**
 * Claims the registrations with a place whose published session starts before `until` and who
 * have not had this reminder (nor registered within `earliestMinutes` of the start): one UPDATE,
 * so that several nodes never send the same reminder twice.
 */
export async function claimDueRegistrationReminders(
  db: Db,
  options: { column: RegistrationReminderColumn; now: Date; until: Date; earliestMinutes: number },
): Promise<EventRegistrationRow[]> {
  const { column, now, until, earliestMinutes } = options;
  return db
    .updateTable('event_registrations as r')
    .from('events as e')
    .set({ [column]: sql<Date>`now()` })
    .whereRef('e.id', '=', 'r.event_id')
    .where('e.status', '=', 'published')
    .where('e.starts_at', '>', now)
    .where('e.starts_at', '<=', until)
    .where('r.status', '=', 'registered')
    .where('r.email', 'is not', null)
    .where(`r.${column}`, 'is', null)
    .where(
      sql<boolean>`coalesce(r.promoted_at, r.created_at) < e.starts_at - make_interval(mins => ${earliestMinutes}::int)`,
    )
    .returningAll('r')
    .execute();
}
