import { sql } from 'kysely';
import type { Db } from '../../db/database-types.js';

/** Counter kinds the reports read (docs/outreach.md). */
export const counterKinds = [
  'invitation.shown',
  'invitation.accepted',
  'invitation.dismissed',
  'finder.used',
] as const;
export type CounterKind = (typeof counterKinds)[number];

/**
 * Adds one to today's count (the day in Europe/Helsinki) of a kind and key. One upsert, so
 * concurrent bumps never lose a count and never collide on the primary key.
 */
export async function bumpCounter(db: Db, kind: CounterKind, key = ''): Promise<void> {
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
