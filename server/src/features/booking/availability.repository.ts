/** SQL of counsellors' booking hours: weekly rules, absences and booking settings. */
import { sql, type Insertable } from 'kysely';
import type { Db } from '../../db/database-types.js';
import type { AvailabilityExceptionTable, AvailabilityRuleTable } from './appointment.table.js';
import type { BookingSettings } from './slots.js';

/** The weekly hours of the given counsellors. */
export function selectAvailabilityRules(db: Db, staffIds: string[]) {
  return db.selectFrom('availability_rules').selectAll().where('staff_id', 'in', staffIds).execute();
}

/** The ids of the staff with these email addresses (unknown addresses are left out). */
export function selectStaffIdsByEmails(db: Db, emails: string[]) {
  if (emails.length === 0) return Promise.resolve([]);
  return db.selectFrom('staff').select(['id', 'email']).where('email', 'in', emails).execute();
}

/** The absences of the given counsellors, each day as `YYYY-MM-DD` text. */
export function selectAvailabilityExceptions(db: Db, staffIds: string[]) {
  return db
    .selectFrom('availability_exceptions')
    .select([
      'staff_id',
      sql<string>`to_char(day, 'YYYY-MM-DD')`.as('day'),
      'start_minute',
      'end_minute',
      'note',
    ])
    .where('staff_id', 'in', staffIds)
    .execute();
}

/** The saved booking settings of the given counsellors (none for those who never saved any). */
export function selectBookingSettings(db: Db, staffIds: string[]) {
  return db.selectFrom('booking_settings').selectAll().where('staff_id', 'in', staffIds).execute();
}

export async function deleteAvailabilityRules(db: Db, staffId: string) {
  await db.deleteFrom('availability_rules').where('staff_id', '=', staffId).execute();
}

export async function deleteAvailabilityExceptions(db: Db, staffId: string) {
  await db.deleteFrom('availability_exceptions').where('staff_id', '=', staffId).execute();
}

export async function insertAvailabilityRules(db: Db, rows: Insertable<AvailabilityRuleTable>[]) {
  await db.insertInto('availability_rules').values(rows).execute();
}

export async function insertAvailabilityExceptions(db: Db, rows: Insertable<AvailabilityExceptionTable>[]) {
  await db.insertInto('availability_exceptions').values(rows).execute();
}

/** Inserts or replaces a counsellor's booking settings. */
export async function upsertBookingSettings(db: Db, staffId: string, s: BookingSettings) {
  await db
    .insertInto('booking_settings')
    .values({
      staff_id: staffId,
      slot_minutes: s.slotMinutes,
      buffer_minutes: s.bufferMinutes,
      min_notice_minutes: s.minNoticeMinutes,
      horizon_days: s.horizonDays,
    })
    .onConflict((oc) =>
      oc.column('staff_id').doUpdateSet({
        slot_minutes: s.slotMinutes,
        buffer_minutes: s.bufferMinutes,
        min_notice_minutes: s.minNoticeMinutes,
        horizon_days: s.horizonDays,
        updated_at: sql<Date>`now()`,
      }),
    )
    .execute();
}
