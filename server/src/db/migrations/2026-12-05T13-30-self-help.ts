import { sql, type Kysely } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one instead.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the app's evolving types
export async function up(db: Kysely<any>): Promise<void> {
  // What visitors search for and whether it helped: the query text only, scrubbed of contact
  // details and identity codes before it is stored, kept 90 days.
  await sql`
    create table search_queries (
      id uuid primary key default gen_random_uuid(),
      created_at timestamptz not null default now(),
      source text not null check (source in ('site', 'widget', 'console')),
      lang text not null,
      query text not null check (length(query) <= 200),
      results integer not null check (results >= 0),
      clicked text,
      clicked_at timestamptz
    )`.execute(db);
  await sql`create index search_queries_created_idx on search_queries (created_at)`.execute(db);
  // A widget question that suggestions answered, or that went on to a chat: no text, no person.
  await sql`
    create table self_help_outcomes (
      id uuid primary key default gen_random_uuid(),
      created_at timestamptz not null default now(),
      lang text not null,
      entry text not null,
      guide_key text,
      outcome text not null check (outcome in ('answered', 'chat')),
      answered_by text
    )`.execute(db);
  await sql`create index self_help_outcomes_created_idx on self_help_outcomes (created_at)`.execute(db);
  // Where a conversation was started: the kind of page, and the guide when it was a guide's page.
  await sql`alter table conversations add column entry_point text`.execute(db);
  await sql`alter table conversations add column entry_guide_key text`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table conversations drop column if exists entry_guide_key`.execute(db);
  await sql`alter table conversations drop column if exists entry_point`.execute(db);
  await db.schema.dropTable('self_help_outcomes').ifExists().execute();
  await db.schema.dropTable('search_queries').ifExists().execute();
}
