import { sql, type Kysely } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one instead.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the app's evolving types
export async function up(db: Kysely<any>): Promise<void> {
  // A counsellor in training following a colleague's live chat, read-only, once the colleague accepts.
  await sql`
    create table shadow_sessions (
      id uuid primary key default gen_random_uuid(),
      conversation_id uuid not null references conversations (id) on delete cascade,
      observer_id uuid not null references staff (id) on delete cascade,
      counsellor_id uuid not null references staff (id) on delete cascade,
      status text not null default 'pending' check (status in ('pending', 'accepted', 'declined', 'ended')),
      created_at timestamptz not null default now(),
      decided_at timestamptz,
      ended_at timestamptz
    )`.execute(db);
  // One request or following at a time per observer and chat.
  await sql`create unique index shadow_sessions_open on shadow_sessions (conversation_id, observer_id) where status in ('pending', 'accepted')`.execute(
    db,
  );
  await sql`create index shadow_sessions_counsellor on shadow_sessions (counsellor_id) where status = 'pending'`.execute(
    db,
  );

  // The observer's private notes for a later talk with the colleague.
  await sql`
    create table shadow_notes (
      id bigserial primary key,
      shadow_id uuid not null references shadow_sessions (id) on delete cascade,
      body text not null,
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index shadow_notes_shadow on shadow_notes (shadow_id)`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists shadow_notes`.execute(db);
  await sql`drop table if exists shadow_sessions`.execute(db);
}
