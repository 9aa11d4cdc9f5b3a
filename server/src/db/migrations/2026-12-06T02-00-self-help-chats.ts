import { sql, type Kysely } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one instead.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the app's evolving types
export async function up(db: Kysely<any>): Promise<void> {
  // A widget question that went on to a chat names the chat while it may still turn into
  // "answered" (the visitor found the answer while waiting); the link goes with the chat.
  await sql`
    alter table self_help_outcomes
    add column conversation_id uuid references conversations (id) on delete set null`.execute(db);
  await sql`create index self_help_outcomes_conversation_idx on self_help_outcomes (conversation_id)`.execute(
    db,
  );
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists self_help_outcomes_conversation_idx`.execute(db);
  await sql`alter table self_help_outcomes drop column if exists conversation_id`.execute(db);
}
