import { sql, type Kysely } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one instead.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the app's evolving types
export async function up(db: Kysely<any>): Promise<void> {
  // A video call a counsellor offers inside a chat. The visitor's meeting link token is derived
  // from the installation's key and the call's id; only its hash is kept. The link works until
  // `expires_at`, for this conversation only, and only while the chat is open.
  await sql`
    create table video_calls (
      id uuid primary key default gen_random_uuid(),
      conversation_id uuid not null references conversations (id) on delete cascade,
      staff_id uuid not null references staff (id) on delete cascade,
      status text not null default 'offered' check (status in ('offered', 'accepted', 'declined')),
      token_hash text not null unique,
      offered_at timestamptz not null default now(),
      answered_at timestamptz,
      expires_at timestamptz not null,
      check (expires_at > offered_at)
    )`.execute(db);
  await sql`create index video_calls_conversation_idx on video_calls (conversation_id, offered_at)`.execute(
    db,
  );

  // How to find a face-to-face meeting place: shown on the confirmation, the manage page, the
  // email and the calendar file.
  await sql`
    alter table availability_rules
      add column directions text not null default '' check (char_length(directions) <= 1000)`.execute(db);
  await sql`
    alter table appointments
      add column directions text not null default '' check (char_length(directions) <= 1000)`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table appointments drop column directions`.execute(db);
  await sql`alter table availability_rules drop column directions`.execute(db);
  await db.schema.dropTable('video_calls').ifExists().execute();
}
