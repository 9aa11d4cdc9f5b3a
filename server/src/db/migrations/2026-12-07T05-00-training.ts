import { sql, type Kysely } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one instead.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the app's evolving types
export async function up(db: Kysely<any>): Promise<void> {
  // Practice scenarios: a simulated client and the script of their replies (training/practice-script.ts).
  await sql`
    create table practice_scenarios (
      id uuid primary key default gen_random_uuid(),
      key text unique,
      language text not null,
      channel text not null check (channel in ('chat', 'email')),
      title text not null,
      persona jsonb not null,
      goals jsonb not null default '[]',
      criteria jsonb not null,
      opening text not null,
      steps jsonb not null default '[]',
      fallback text not null,
      is_active boolean not null default true,
      created_by uuid references staff (id) on delete set null,
      updated_by uuid references staff (id) on delete set null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);

  // A practice conversation: never a row of conversations, so no queue, report or export meets it.
  await sql`
    create table practice_sessions (
      id uuid primary key default gen_random_uuid(),
      scenario_id uuid not null references practice_scenarios (id) on delete cascade,
      staff_id uuid not null references staff (id) on delete cascade,
      mode text not null check (mode in ('scripted', 'live')),
      trainer_id uuid references staff (id) on delete set null,
      status text not null default 'active' check (status in ('active', 'finished')),
      script_step text not null default 'opening',
      turns_since_step integer not null default 0,
      last_seq integer not null default 0,
      created_at timestamptz not null default now(),
      finished_at timestamptz
    )`.execute(db);
  await sql`create index practice_sessions_staff on practice_sessions (staff_id, created_at desc)`.execute(
    db,
  );
  await sql`create index practice_sessions_trainer on practice_sessions (trainer_id) where trainer_id is not null`.execute(
    db,
  );

  await sql`
    create table practice_messages (
      session_id uuid not null references practice_sessions (id) on delete cascade,
      seq integer not null,
      author text not null check (author in ('client', 'counsellor')),
      author_staff_id uuid references staff (id) on delete set null,
      body text not null default '',
      card jsonb,
      -- A hand-over practised with the transfer dialog: to whom, by kind, with its label.
      transfer jsonb,
      step_id text,
      client_msg_id text,
      created_at timestamptz not null default now(),
      primary key (session_id, seq)
    )`.execute(db);
  await sql`create unique index practice_messages_client_msg on practice_messages (session_id, client_msg_id) where client_msg_id is not null`.execute(
    db,
  );

  // A review against the scenario's rubric: the counsellor's own, then a trainer's.
  await sql`
    create table practice_reviews (
      session_id uuid not null references practice_sessions (id) on delete cascade,
      kind text not null check (kind in ('self', 'trainer')),
      reviewer_id uuid references staff (id) on delete set null,
      scores jsonb not null,
      summary text not null default '',
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (session_id, kind)
    )`.execute(db);

  await sql`
    create table practice_message_comments (
      id bigserial primary key,
      session_id uuid not null references practice_sessions (id) on delete cascade,
      seq integer not null,
      reviewer_id uuid references staff (id) on delete set null,
      body text not null,
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index practice_message_comments_session on practice_message_comments (session_id, seq)`.execute(
    db,
  );

  // Which handbook articles a staff member has opened, for the onboarding checklist.
  await sql`
    create table handbook_reads (
      staff_id uuid not null references staff (id) on delete cascade,
      article_key text not null,
      read_at timestamptz not null default now(),
      primary key (staff_id, article_key)
    )`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists handbook_reads`.execute(db);
  await sql`drop table if exists practice_message_comments`.execute(db);
  await sql`drop table if exists practice_reviews`.execute(db);
  await sql`drop table if exists practice_messages`.execute(db);
  await sql`drop table if exists practice_sessions`.execute(db);
  await sql`drop table if exists practice_scenarios`.execute(db);
}
