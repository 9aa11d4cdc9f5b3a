/** SQL of appointments: who can be booked, busy times, booking, the manage link, lists, reminders. */
import { sql, type Insertable } from 'kysely';
import type { Db } from '../../db/database-types.js';
import { conversationsWithClient } from '../../conversations/conversation.repository.js';
import type { AppointmentTable } from './appointment.table.js';

/** Active counsellors and provider admins who speak the language, of one provider when given. */
export function selectBookableStaff(db: Db, language: string, organisationId?: string) {
  let query = db
    .selectFrom('staff as s')
    .select(['s.id', 's.organisation_id'])
    .where('s.is_active', '=', true)
    .where('s.role', 'in', ['counsellor', 'org_admin'])
    .where(sql<boolean>`${language} = any(s.languages)`);
  if (organisationId !== undefined) query = query.where('s.organisation_id', '=', organisationId);
  return query.execute();
}

export function selectStaffOrganisation(db: Db, staffId: string) {
  return db
    .selectFrom('staff')
    .select(['organisation_id'])
    .where('id', '=', staffId)
    .executeTakeFirstOrThrow();
}

export function selectStaffNameAndEmail(db: Db, staffId: string) {
  return db.selectFrom('staff').select(['name', 'email']).where('id', '=', staffId).executeTakeFirstOrThrow();
}

/** The booked appointments of the given counsellors that still keep them busy. */
export function selectBusyAppointments(db: Db, staffIds: string[]) {
  return db
    .selectFrom('appointments')
    .select(['staff_id', 'starts_at', 'busy_until'])
    .where('staff_id', 'in', staffIds)
    .where('status', '=', 'booked')
    .where('busy_until', '>', sql<Date>`now()`)
    .execute();
}

/** Per counsellor: upcoming booked appointments and when they were last booked. */
export function selectBookingStats(db: Db, staffIds: string[]) {
  return db
    .selectFrom('appointments')
    .select([
      'staff_id',
      sql<number>`count(*) filter (where status = 'booked' and starts_at > now())`.as('upcoming'),
      sql<Date | null>`max(created_at)`.as('last_booked'),
    ])
    .where('staff_id', 'in', staffIds)
    .groupBy('staff_id')
    .execute();
}

/** The appointment a double-submitted booking request made the first time. */
export function selectAppointmentByRequestKey(db: Db, requestKey: string) {
  return db
    .selectFrom('appointments')
    .select(['id', 'conversation_id', 'channel', 'starts_at', 'ends_at', 'location', 'directions'])
    .where('request_key', '=', requestKey)
    .executeTakeFirst();
}

/** Inserts an appointment; the exclusion constraint refuses a counsellor's overlapping times. */
export function insertAppointment(db: Db, values: Insertable<AppointmentTable>) {
  return db.insertInto('appointments').values(values).returning('id').executeTakeFirstOrThrow();
}

/** Inserts appointments made before (the demo year); the same constraint guards overlaps. */
export async function insertAppointments(db: Db, rows: Insertable<AppointmentTable>[]) {
  for (let i = 0; i < rows.length; i += 500) {
    await db
      .insertInto('appointments')
      .values(rows.slice(i, i + 500))
      .execute();
  }
}

/** What cancelling through the manage link needs to know. */
export function selectAppointmentStatusByTokenHash(db: Db, tokenHash: string) {
  return db
    .selectFrom('appointments')
    .select(['id', 'conversation_id', 'status', 'starts_at'])
    .where('manage_token_hash', '=', tokenHash)
    .executeTakeFirst();
}

/**
 * Appointments with their counsellor and conversation: what, when and where, the counsellor's
 * name, and the conversation's language and topic.
 */
function appointmentsWithPeople(db: Db) {
  return db
    .selectFrom('appointments as a')
    .innerJoin('staff as s', 's.id', 'a.staff_id')
    .innerJoin('conversations as c', 'c.id', 'a.conversation_id')
    .select([
      'a.id',
      'a.conversation_id',
      'a.staff_id',
      'a.channel',
      'a.status',
      'a.starts_at',
      'a.ends_at',
      'a.location',
      'a.directions',
      's.name as staff_name',
      'c.language',
      'c.topic',
    ]);
}

/** The booking behind a manage link, with its counsellor's name and its conversation's language and topic. */
export function selectManagedAppointmentByTokenHash(db: Db, tokenHash: string) {
  return appointmentsWithPeople(db).where('a.manage_token_hash', '=', tokenHash).executeTakeFirst();
}

export async function cancelAppointment(db: Db, id: string) {
  await db
    .updateTable('appointments')
    .set({ status: 'cancelled', cancelled_at: sql<Date>`now()` })
    .where('id', '=', id)
    // Only a booking still booked: a race with another cancel changes nothing twice.
    .where('status', '=', 'booked')
    .execute();
}

/** Moves a booked appointment; the exclusion constraint refuses a time that overlaps another. */
export async function moveAppointment(
  db: Db,
  id: string,
  to: Pick<AppointmentTable, 'starts_at' | 'ends_at' | 'busy_until' | 'location'> & { directions: string },
) {
  await db
    .updateTable('appointments')
    .set(to)
    .where('id', '=', id)
    // Only a booking still booked: one cancelled meanwhile stays cancelled.
    .where('status', '=', 'booked')
    .execute();
}

/** The appointment's time as its conversation's due time. */
export async function updateConversationDueAt(db: Db, conversationId: string, dueAt: Date) {
  await db.updateTable('conversations').set({ due_at: dueAt }).where('id', '=', conversationId).execute();
}

export interface AppointmentPeriod {
  from: Date;
  to: Date;
  /** Null: every status. */
  status: 'booked' | 'cancelled' | 'done' | null;
  /** Only this counsellor's appointments. */
  staffId?: string;
  /** Only appointments of this provider's counsellors. */
  organisationId?: string | null;
}

/** Appointments starting in [from, to), with counsellor, conversation and client, at most 500. */
export function selectAppointmentsInPeriod(db: Db, period: AppointmentPeriod) {
  let q = appointmentsWithPeople(db)
    .leftJoin('clients as cl', 'cl.id', 'c.client_id')
    .select(['cl.first_name as client_name', 'cl.phone as client_phone', 'cl.email as client_email'])
    .where('a.starts_at', '>=', period.from)
    .where('a.starts_at', '<', period.to)
    .orderBy('a.starts_at');
  if (period.status !== null) q = q.where('a.status', '=', period.status);
  if (period.staffId !== undefined) q = q.where('a.staff_id', '=', period.staffId);
  if (period.organisationId !== undefined) q = q.where('s.organisation_id', '=', period.organisationId);
  return q.limit(500).execute();
}

export type ReminderColumn = 'reminded_day_before_at' | 'reminded_hour_before_at';

/**
 * Claims the booked appointments starting in (now, until] whose reminder in `column` has not
 * been sent, made more than `earliestMinutes` before their start, by marking them sent.
 */
export function claimDueReminders(
  db: Db,
  claim: { column: ReminderColumn; now: Date; until: Date; earliestMinutes: number },
) {
  return (
    db
      .updateTable('appointments')
      .set({ [claim.column]: claim.now })
      .where('status', '=', 'booked')
      // The guard of the race: one UPDATE claims each reminder, so several nodes never send it twice.
      .where(claim.column, 'is', null)
      .where('starts_at', '>', claim.now)
      .where('starts_at', '<=', claim.until)
      .where(sql<boolean>`starts_at - created_at > make_interval(mins => ${claim.earliestMinutes})`)
      .returning([
        'id',
        'conversation_id',
        'staff_id',
        'channel',
        'starts_at',
        'ends_at',
        'location',
        'directions',
      ])
      .execute()
  );
}

/** Where a reminder goes: the client's email and language, and the counsellor's name. */
export function selectReminderRecipient(db: Db, conversationId: string, staffId: string) {
  return conversationsWithClient(db)
    .select([
      'cl.email',
      // The language the client booked in (the page's); the meeting's may be any.
      (eb) => eb.fn.coalesce('cl.preferred_language', 'c.language').as('language'),
      (eb) => eb.selectFrom('staff').select('name').where('id', '=', staffId).as('name'),
    ])
    .where('c.id', '=', conversationId)
    .executeTakeFirst();
}
