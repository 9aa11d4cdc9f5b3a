import { sql } from 'kysely';
import type { Db } from '../db/database-types.js';

/**
 * Counts one hit for the key in one atomic upsert: the first hit, or the first after the window
 * ended, starts a new window at one. Returns the count and the milliseconds the window has left,
 * both by the database's clock, so every node sees the same window.
 */
export async function countRateLimitHit(
  db: Db,
  key: string,
  windowMs: number,
): Promise<{ hits: number; ttlMs: number }> {
  const { rows } = await sql<{ hits: number; ttl_ms: number }>`
    insert into rate_limits as r (key, hits, window_started_at, window_ends_at)
    values (${key}, 1, now(), now() + make_interval(secs => ${windowMs}::double precision / 1000))
    on conflict (key) do update set
      hits = case when r.window_ends_at <= now() then 1 else r.hits + 1 end,
      window_started_at = case when r.window_ends_at <= now() then now() else r.window_started_at end,
      window_ends_at = case when r.window_ends_at <= now() then excluded.window_ends_at
                            else r.window_ends_at end
    returning hits, ceil(extract(epoch from window_ends_at - now()) * 1000)::integer as ttl_ms`.execute(db);
  const row = rows[0]!;
  return { hits: row.hits, ttlMs: row.ttl_ms };
}

/** Deletes the counts whose window has ended. */
export async function deleteEndedRateLimits(db: Db): Promise<number> {
  const result = await db
    .deleteFrom('rate_limits')
    .where('window_ends_at', '<=', sql<Date>`now()`)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
