import { sql } from 'kysely';
import type { Db } from '../../db/database-types.js';

/** When the key is locked, the time the lock ends. */
export async function findLockedUntil(db: Db, key: string): Promise<Date | undefined> {
  const row = await db
    .selectFrom('login_throttle')
    .select('locked_until')
    .where('key', '=', key)
    .where('locked_until', '>', sql<Date>`now()`)
    .executeTakeFirst();
  return row?.locked_until ?? undefined;
}

/**
 * Counts one failure for the key within a sliding window and, once the count reaches
 * maxFailures, locks the key. The lock doubles with each further failure (1, 2, 4 … minutes),
 * capped at the window length, so a typo costs little and guessing costs a lot.
 */
export async function recordFailure(
  db: Db,
  key: string,
  maxFailures: number,
  windowMinutes: number,
): Promise<Date | null> {
  const row = await sql<{ locked_until: Date | null }>`
    insert into login_throttle as t (key, failures, window_started_at, locked_until)
    values (${key}, 1, now(), case when 1 >= ${maxFailures}::int then now() + interval '1 minute' end)
    on conflict (key) do update set
      failures = case when t.window_started_at < now() - make_interval(mins => ${windowMinutes}::int)
                      then 1 else t.failures + 1 end,
      window_started_at = case when t.window_started_at < now() - make_interval(mins => ${windowMinutes}::int)
                               then now() else t.window_started_at end,
      locked_until = case
        when (case when t.window_started_at < now() - make_interval(mins => ${windowMinutes}::int)
                   then 1 else t.failures + 1 end) >= ${maxFailures}::int
        then now() + make_interval(mins => least(
               ${windowMinutes}::int,
               power(2, (case when t.window_started_at < now() - make_interval(mins => ${windowMinutes}::int)
                              then 1 else t.failures + 1 end) - ${maxFailures}::int)::int))
        else t.locked_until end
    returning locked_until`.execute(db);
  return row.rows[0]?.locked_until ?? null;
}

export async function clearFailures(db: Db, key: string): Promise<void> {
  await db.deleteFrom('login_throttle').where('key', '=', key).execute();
}

/** Deletes counters whose window and lock have both passed. */
export async function deleteExpiredThrottles(db: Db, windowMinutes: number): Promise<number> {
  const result = await db
    .deleteFrom('login_throttle')
    .where('window_started_at', '<', sql<Date>`now() - make_interval(mins => ${windowMinutes}::int)`)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', sql<Date>`now()`)]))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
