import { sql, type Kysely } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one instead.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the app's evolving types
export async function up(db: Kysely<any>): Promise<void> {
  // Pop-up guidance sessions a provider runs in a shopping centre, a library or at a fair.
  // `municipality` is Statistics Finland's code, as in the catalogue.
  await sql`
    create table events (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisations (id),
      title text not null check (char_length(title) between 1 and 200),
      place text not null check (char_length(place) between 1 and 200),
      address text not null default '' check (char_length(address) <= 300),
      municipality text not null check (municipality ~ '^[0-9]{3}$'),
      starts_at timestamptz not null,
      ends_at timestamptz not null,
      languages text[] not null default '{fi}',
      description text not null default '' check (char_length(description) <= 4000),
      status text not null default 'published' check (status in ('draft', 'published', 'cancelled')),
      created_by uuid references staff (id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check (ends_at > starts_at),
      check (languages <@ array['fi', 'sv', 'en']::text[] and cardinality(languages) > 0)
    )`.execute(db);
  await sql`create index events_starts_idx on events (starts_at)`.execute(db);
  await sql`create index events_municipality_idx on events (municipality, starts_at)`.execute(db);

  // The counsellors present at an event.
  await sql`
    create table event_staff (
      event_id uuid not null references events (id) on delete cascade,
      staff_id uuid not null references staff (id),
      primary key (event_id, staff_id)
    )`.execute(db);

  // A face-to-face contact logged at an event (or as a walk-in) is an in_person conversation.
  // The client group is anonymous and optional. `client_ref` is the id the logging device
  // gave the entry, so an entry sent twice from an offline queue is stored once.
  // `feedback_token_hash` backs the one-click feedback link in mail.
  await sql`
    alter table conversations
      add column event_id uuid references events (id) on delete set null,
      add column client_age_band text
        check (client_age_band in ('under_25', '25_34', '35_44', '45_54', '55_plus')),
      add column client_situation text
        check (client_situation in ('working', 'unemployed', 'new_in_finland', 'student', 'other')),
      add column client_ref uuid,
      add column feedback_token_hash text`.execute(db);
  await sql`create unique index conversations_client_ref_idx on conversations (client_ref) where client_ref is not null`.execute(
    db,
  );
  await sql`create index conversations_event_idx on conversations (event_id) where event_id is not null`.execute(
    db,
  );
  await sql`create unique index conversations_feedback_token_idx on conversations (feedback_token_hash) where feedback_token_hash is not null`.execute(
    db,
  );

  // Counts that are not conversations: invitations shown/accepted/dismissed per rule, finder use.
  // One row per day, kind and key, bumped with an upsert; no visitor is identified.
  await sql`
    create table daily_counters (
      day date not null,
      kind text not null check (char_length(kind) <= 60),
      key text not null default '' check (char_length(key) <= 100),
      count integer not null default 0 check (count >= 0),
      primary key (day, kind, key)
    )`.execute(db);

  // Proactive chat invitations: on pages matching `path_prefix`, after `delay_seconds`,
  // at most once per visitor per `every_days` days, and only when a counsellor is free.
  await sql`
    create table invitation_rules (
      id uuid primary key default gen_random_uuid(),
      name text not null check (char_length(name) between 1 and 100),
      path_prefix text not null check (path_prefix ~ '^/' and char_length(path_prefix) <= 200),
      delay_seconds integer not null default 30 check (delay_seconds between 0 and 3600),
      every_days integer not null default 7 check (every_days between 1 and 365),
      message_fi text not null default '' check (char_length(message_fi) <= 300),
      message_sv text not null default '' check (char_length(message_sv) <= 300),
      message_en text not null default '' check (char_length(message_en) <= 300),
      active boolean not null default true,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('invitation_rules').ifExists().execute();
  await db.schema.dropTable('daily_counters').ifExists().execute();
  await sql`drop index if exists conversations_feedback_token_idx`.execute(db);
  await sql`drop index if exists conversations_event_idx`.execute(db);
  await sql`drop index if exists conversations_client_ref_idx`.execute(db);
  await sql`
    alter table conversations
      drop column feedback_token_hash,
      drop column client_ref,
      drop column client_situation,
      drop column client_age_band,
      drop column event_id`.execute(db);
  await db.schema.dropTable('event_staff').ifExists().execute();
  await db.schema.dropTable('events').ifExists().execute();
}
