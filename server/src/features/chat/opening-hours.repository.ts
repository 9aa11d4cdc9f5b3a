/** SQL of the chat's opening hours: weekly hours and dated exceptions, per provider or service-wide. */
import { sql } from 'kysely';
import type { Db } from '../../db/database-types.js';

// `organisationId` null is the service's own schedule.
const scopeOf = (organisationId: string | null) => (organisationId === null ? 'is' : '=');

export function selectWeeklyHours(db: Db, organisationId: string | null) {
  return db
    .selectFrom('opening_hours')
    .select(['weekday', 'opens_minute', 'closes_minute'])
    .where('organisation_id', scopeOf(organisationId), organisationId)
    .orderBy('weekday')
    .orderBy('opens_minute')
    .execute();
}

/** Exceptions from yesterday (Helsinki) on, by day. */
export function selectOpeningExceptions(db: Db, organisationId: string | null) {
  return (
    db
      .selectFrom('opening_exceptions')
      .select([sql<string>`day::text`.as('day'), 'opens_minute', 'closes_minute', 'note'])
      .where('organisation_id', scopeOf(organisationId), organisationId)
      // Past exceptions no longer matter.
      .where('day', '>=', sql<string>`(now() at time zone 'Europe/Helsinki')::date - 1`)
      .orderBy('day')
      .execute()
  );
}

/** Deletes the weekly hours and every exception of the service or of one provider. */
export async function deleteSchedule(trx: Db, organisationId: string | null): Promise<void> {
  await trx
    .deleteFrom('opening_hours')
    .where('organisation_id', scopeOf(organisationId), organisationId)
    .execute();
  await trx
    .deleteFrom('opening_exceptions')
    .where('organisation_id', scopeOf(organisationId), organisationId)
    .execute();
}

export async function insertWeeklyHours(
  trx: Db,
  organisationId: string | null,
  weekly: { weekday: number; opensMinute: number; closesMinute: number }[],
): Promise<void> {
  if (!weekly.length) return;
  await trx
    .insertInto('opening_hours')
    .values(
      weekly.map((w) => ({
        organisation_id: organisationId,
        weekday: w.weekday,
        opens_minute: w.opensMinute,
        closes_minute: w.closesMinute,
      })),
    )
    .execute();
}

export async function insertOpeningExceptions(
  trx: Db,
  organisationId: string | null,
  exceptions: { day: string; opensMinute: number | null; closesMinute: number | null; note: string }[],
): Promise<void> {
  if (!exceptions.length) return;
  await trx
    .insertInto('opening_exceptions')
    .values(
      exceptions.map((e) => ({
        organisation_id: organisationId,
        day: e.day,
        opens_minute: e.opensMinute,
        closes_minute: e.closesMinute,
        note: e.note,
      })),
    )
    .execute();
}
