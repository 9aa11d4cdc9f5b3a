import { sql, type Kysely } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one instead.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the app's evolving types
export async function up(db: Kysely<any>): Promise<void> {
  // What a person's list of their own sessions shows: the address and browser it was opened
  // from. Kept as long as the session row (purged after it ends, auth-maintenance.ts).
  await sql`alter table sessions add column ip text`.execute(db);
  await sql`alter table sessions add column user_agent text check (length(user_agent) <= 300)`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table sessions drop column if exists user_agent`.execute(db);
  await sql`alter table sessions drop column if exists ip`.execute(db);
}
