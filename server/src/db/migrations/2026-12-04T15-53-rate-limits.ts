import { sql, type Kysely } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one instead.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the app's evolving types
export async function up(db: Kysely<any>): Promise<void> {
  // Request rate limits on PostgreSQL, shared by every node: one row per limit and client key,
  // counting the hits of a fixed window. Rows whose window has ended are pruned; the index
  // keeps that cheap.
  await sql`
    create table rate_limits (
      key text primary key,
      hits integer not null,
      window_started_at timestamptz not null,
      window_ends_at timestamptz not null,
      check (window_ends_at > window_started_at)
    )`.execute(db);
  await sql`create index rate_limits_window_ends_idx on rate_limits (window_ends_at)`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('rate_limits').ifExists().execute();
}
