import { sql, type Kysely } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one instead.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the app's evolving types
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table organisations (
      id uuid primary key default gen_random_uuid(),
      slug text not null unique check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
      name_fi text not null,
      name_sv text,
      name_en text,
      description_fi text,
      description_sv text,
      description_en text,
      website text,
      municipality text,
      expertise text[] not null default '{}',
      is_active boolean not null default true,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);

  await sql`
    create table staff (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid references organisations (id),
      email text not null,
      name text not null,
      languages text[] not null default '{fi}',
      expertise text[] not null default '{}',
      role text not null check (role in ('counsellor', 'org_admin', 'editor', 'admin')),
      is_active boolean not null default true,
      password_hash text not null,
      must_change_password boolean not null default false,
      password_changed_at timestamptz not null default now(),
      last_login_at timestamptz,
      deactivated_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint staff_organisation_required
        check (role in ('admin', 'editor') or organisation_id is not null)
    )`.execute(db);
  await sql`create unique index staff_email_unique on staff (lower(email))`.execute(db);
  await sql`create index staff_organisation_idx on staff (organisation_id)`.execute(db);

  // The session id is a SHA-256 of the cookie token: a database leak yields no usable cookies.
  await sql`
    create table sessions (
      id text primary key,
      staff_id uuid not null references staff (id) on delete cascade,
      created_at timestamptz not null default now(),
      last_seen_at timestamptz not null default now(),
      expires_at timestamptz not null,
      revoked_at timestamptz,
      revoke_reason text
    )`.execute(db);
  await sql`create index sessions_staff_idx on sessions (staff_id)`.execute(db);

  await sql`
    create table login_throttle (
      key text primary key,
      failures integer not null default 0,
      window_started_at timestamptz not null default now(),
      locked_until timestamptz
    )`.execute(db);

  await sql`
    create table audit_log (
      id bigint generated always as identity primary key,
      occurred_at timestamptz not null default now(),
      actor_type text not null check (actor_type in ('staff', 'client', 'system', 'anonymous')),
      actor_staff_id uuid,
      organisation_id uuid,
      action text not null,
      outcome text not null check (outcome in ('success', 'denied', 'failure')),
      target_type text,
      target_id text,
      details jsonb not null default '{}',
      request_id text,
      ip text
    )`.execute(db);
  await sql`create index audit_log_occurred_idx on audit_log (occurred_at desc)`.execute(db);
  await sql`create index audit_log_target_idx on audit_log (target_type, target_id)`.execute(db);
  await sql`create index audit_log_actor_idx on audit_log (actor_staff_id)`.execute(db);
  await sql`create index audit_log_organisation_idx on audit_log (organisation_id)`.execute(db);

  // An anonymous client is known only by a random secret held in their browser (stored hashed).
  // Contact details are kept only with consent, recorded in consent_contact_at.
  await sql`
    create table clients (
      id uuid primary key default gen_random_uuid(),
      secret_hash text unique,
      first_name text,
      email text,
      phone text,
      preferred_language text,
      consent_contact_at timestamptz,
      created_at timestamptz not null default now(),
      last_seen_at timestamptz not null default now()
    )`.execute(db);

  // Every contact, whatever its channel, is a conversation: one inbox, one set of statistics,
  // one retention policy. Channel-specific data lives in tables that reference it.
  await sql`
    create table conversations (
      id uuid primary key default gen_random_uuid(),
      channel text not null check (channel in ('chat', 'email', 'phone', 'video', 'in_person')),
      status text not null default 'queued'
        check (status in ('queued', 'active', 'waiting', 'closed')),
      client_id uuid references clients (id) on delete set null,
      organisation_id uuid references organisations (id),
      assigned_staff_id uuid references staff (id),
      topic text,
      language text,
      subject text,
      source_site text,
      source_page text,
      outcome text,
      last_seq integer not null default 0,
      details jsonb not null default '{}',
      created_at timestamptz not null default now(),
      first_response_at timestamptz,
      last_message_at timestamptz,
      closed_at timestamptz,
      updated_at timestamptz not null default now(),
      retain_until timestamptz
    )`.execute(db);
  await sql`create index conversations_status_idx on conversations (status, channel)`.execute(db);
  await sql`create index conversations_assigned_idx on conversations (assigned_staff_id)`.execute(db);
  await sql`create index conversations_organisation_idx on conversations (organisation_id)`.execute(db);
  await sql`create index conversations_created_idx on conversations (created_at)`.execute(db);
  await sql`create index conversations_client_idx on conversations (client_id)`.execute(db);

  // seq is assigned from conversations.last_seq in the same transaction as the insert;
  // client_msg_id makes a resent message idempotent.
  await sql`
    create table messages (
      id bigint generated always as identity primary key,
      conversation_id uuid not null references conversations (id) on delete cascade,
      seq integer not null,
      kind text not null check (kind in ('message', 'note', 'event')),
      author_type text not null check (author_type in ('client', 'staff', 'system')),
      author_staff_id uuid references staff (id),
      body text not null default '',
      event_type text,
      client_msg_id text,
      details jsonb not null default '{}',
      created_at timestamptz not null default now(),
      unique (conversation_id, seq),
      unique (conversation_id, client_msg_id),
      check (kind <> 'event' or event_type is not null),
      check (kind <> 'note' or author_type = 'staff')
    )`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'messages',
    'conversations',
    'clients',
    'audit_log',
    'login_throttle',
    'sessions',
    'staff',
    'organisations',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
