/** The `daily_counters` table: counts per Helsinki day, kind and key (finder use, invitations). */
import { sql } from 'kysely';
import type { Db } from '../../db/database-types.js';

/**
 * Adds one to today's count (the day in Europe/Helsinki) of a kind and key. One upsert, so
 * concurrent bumps never lose a count and never collide on the primary key.
 */
export async function incrementDailyCounter(db: Db, kind: string, key: string): Promise<void> {
  await db
    .insertInto('daily_counters')
    .values({
      day: sql<string>`(now() at time zone 'Europe/Helsinki')::date`,
      kind,
      key,
      count: 1,
    })
    .onConflict((oc) =>
      oc.columns(['day', 'kind', 'key']).doUpdateSet((eb) => ({
        count: eb('daily_counters.count', '+', 1),
      })),
    )
    .execute();
}

/** Adds whole days' counts at once (the demo year), onto any counted already. */
export async function insertDailyCounts(
  db: Db,
  rows: { day: string; kind: string; key: string; count: number }[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000) {
    await db
      .insertInto('daily_counters')
      .values(rows.slice(i, i + 1000))
      .onConflict((oc) =>
        oc.columns(['day', 'kind', 'key']).doUpdateSet((eb) => ({
          count: eb('daily_counters.count', '+', eb.ref('excluded.count')),
        })),
      )
      .execute();
  }
}

/**
 * The counts of finder use and of invitations shown, accepted and dismissed over some days (both
 * inclusive), per kind and key, with the invitation rule's name where the key is a rule.
 */
export async function selectCounterTotals(db: Db, from: string, to: string) {
  const { rows } = await sql<{ kind: string; key: string; n: string | number; name: string | null }>`
    select d.kind, d.key, sum(d.count) as n, r.name
    from daily_counters d
      left join invitation_rules r on d.kind like 'invitation.%' and r.id::text = d.key
    where d.day between ${from}::date and ${to}::date
      and d.kind in ('finder.used', 'invitation.shown', 'invitation.accepted', 'invitation.dismissed')
    group by d.kind, d.key, r.name`.execute(db);
  return rows;
}
