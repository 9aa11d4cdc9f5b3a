import { sql, type Kysely } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one instead.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the app's evolving types
export async function up(db: Kysely<any>): Promise<void> {
  // Member sites allowed to embed the chat widget (exact origins such as https://www.example.fi).
  await sql`alter table organisations add column allowed_origins text[] not null default '{}'`.execute(db);

  // access_hash: SHA-256 of the per-conversation secret the visitor's browser holds.
  // queued_at: when the conversation (re-)entered the queue; queue_* narrow who may take it
  // after a transfer to a provider's or an expertise queue.
  await sql`
    alter table conversations
      add column access_hash text,
      add column queued_at timestamptz,
      add column assigned_at timestamptz,
      add column queue_organisation_id uuid references organisations (id),
      add column queue_expertise text`.execute(db);
  await sql`
    create index conversations_queue_idx on conversations (queued_at)
      where status = 'queued'`.execute(db);
  await sql`
    create index conversations_active_assigned_idx on conversations (assigned_staff_id)
      where status in ('active', 'waiting')`.execute(db);

  await sql`
    create table staff_presence (
      staff_id uuid primary key references staff (id) on delete cascade,
      status text not null default 'offline' check (status in ('available', 'away', 'offline')),
      max_chats integer not null default 3 check (max_chats between 1 and 10),
      last_seen_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);

  // One row: the service-wide chat settings.
  await sql`
    create table chat_settings (
      id boolean primary key default true check (id),
      assignment text not null default 'manual' check (assignment in ('manual', 'auto')),
      max_wait_seconds integer not null default 300 check (max_wait_seconds between 30 and 3600),
      updated_at timestamptz not null default now()
    )`.execute(db);
  await sql`insert into chat_settings (id) values (true)`.execute(db);

  // Weekly hours (weekday 1 = Monday … 7 = Sunday, minutes from midnight Europe/Helsinki);
  // organisation_id null means the whole service. A provider without rows follows the service.
  await sql`
    create table opening_hours (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid references organisations (id) on delete cascade,
      weekday smallint not null check (weekday between 1 and 7),
      opens_minute smallint not null check (opens_minute between 0 and 1439),
      closes_minute smallint not null check (closes_minute between 1 and 1440),
      check (closes_minute > opens_minute)
    )`.execute(db);
  await sql`create index opening_hours_organisation_idx on opening_hours (organisation_id)`.execute(db);
  // A day that differs from the week: closed (no minutes) or other hours; e.g. public holidays.
  await sql`
    create table opening_exceptions (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid references organisations (id) on delete cascade,
      day date not null,
      opens_minute smallint check (opens_minute between 0 and 1439),
      closes_minute smallint check (closes_minute between 1 and 1440),
      note text not null default '',
      check ((opens_minute is null) = (closes_minute is null)),
      check (closes_minute is null or closes_minute > opens_minute)
    )`.execute(db);
  await sql`
    create unique index opening_exceptions_day_unique
      on opening_exceptions (coalesce(organisation_id, '00000000-0000-0000-0000-000000000000'::uuid), day)`.execute(
    db,
  );

  // Personal (staff_id set) or shared (for one provider, or for everyone when both are null).
  await sql`
    create table canned_responses (
      id uuid primary key default gen_random_uuid(),
      staff_id uuid references staff (id) on delete cascade,
      organisation_id uuid references organisations (id) on delete cascade,
      language text not null check (language in ('fi', 'sv', 'en')),
      title text not null check (char_length(title) between 1 and 100),
      body text not null check (char_length(body) between 1 and 4000),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);

  // The client's rating of a closed contact, whatever its channel.
  await sql`
    create table conversation_feedback (
      conversation_id uuid primary key references conversations (id) on delete cascade,
      score smallint not null check (score between 1 and 5),
      comment text not null default '' check (char_length(comment) <= 2000),
      created_at timestamptz not null default now()
    )`.execute(db);

  // Mail the service sends (transcripts now; replies and confirmations later).
  await sql`
    create table outgoing_mail (
      id uuid primary key default gen_random_uuid(),
      conversation_id uuid references conversations (id) on delete set null,
      to_address text not null,
      subject text not null,
      text_body text not null,
      status text not null default 'queued' check (status in ('queued', 'sent', 'failed', 'stored')),
      attempts integer not null default 0,
      last_error text,
      created_at timestamptz not null default now(),
      sent_at timestamptz
    )`.execute(db);

  // Used by @socket.io/postgres-adapter for packets too large for NOTIFY.
  await sql`
    create table if not exists socket_io_attachments (
      id bigserial unique,
      created_at timestamptz default now(),
      payload bytea
    )`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'socket_io_attachments',
    'outgoing_mail',
    'conversation_feedback',
    'canned_responses',
    'opening_exceptions',
    'opening_hours',
    'chat_settings',
    'staff_presence',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
  await sql`drop index if exists conversations_active_assigned_idx`.execute(db);
  await sql`drop index if exists conversations_queue_idx`.execute(db);
  await sql`
    alter table conversations
      drop column access_hash,
      drop column queued_at,
      drop column assigned_at,
      drop column queue_organisation_id,
      drop column queue_expertise`.execute(db);
  await sql`alter table organisations drop column allowed_origins`.execute(db);
}
