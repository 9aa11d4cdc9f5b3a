import { sql, type Kysely } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one instead.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the app's evolving types
export async function up(db: Kysely<any>): Promise<void> {
  // For the exclusion constraint that keeps one counsellor's appointments from overlapping.
  await sql`create extension if not exists btree_gist`.execute(db);

  // A counsellor's weekly hours per channel (minutes from midnight, Europe/Helsinki).
  await sql`
    create table availability_rules (
      id uuid primary key default gen_random_uuid(),
      staff_id uuid not null references staff (id) on delete cascade,
      channel text not null check (channel in ('phone', 'video', 'chat', 'in_person')),
      weekday smallint not null check (weekday between 1 and 7),
      start_minute smallint not null check (start_minute between 0 and 1439),
      end_minute smallint not null check (end_minute between 1 and 1440),
      location text,
      check (end_minute > start_minute)
    )`.execute(db);
  await sql`create index availability_rules_staff_idx on availability_rules (staff_id)`.execute(db);

  // Absences: a whole day (no minutes) or a part of one, when nothing can be booked.
  await sql`
    create table availability_exceptions (
      id uuid primary key default gen_random_uuid(),
      staff_id uuid not null references staff (id) on delete cascade,
      day date not null,
      start_minute smallint check (start_minute between 0 and 1439),
      end_minute smallint check (end_minute between 1 and 1440),
      note text not null default '',
      check ((start_minute is null) = (end_minute is null)),
      check (end_minute is null or end_minute > start_minute)
    )`.execute(db);
  await sql`create index availability_exceptions_staff_idx on availability_exceptions (staff_id, day)`.execute(
    db,
  );

  await sql`
    create table booking_settings (
      staff_id uuid primary key references staff (id) on delete cascade,
      slot_minutes smallint not null default 45 check (slot_minutes between 15 and 240),
      buffer_minutes smallint not null default 15 check (buffer_minutes between 0 and 120),
      min_notice_minutes integer not null default 240 check (min_notice_minutes between 0 and 20160),
      horizon_days smallint not null default 30 check (horizon_days between 1 and 180),
      updated_at timestamptz not null default now()
    )`.execute(db);

  // busy_until: the end plus the counsellor's buffer when booked. The exclusion constraint is
  // what makes a double booking impossible, whatever the application does.
  await sql`
    create table appointments (
      id uuid primary key default gen_random_uuid(),
      conversation_id uuid not null references conversations (id) on delete cascade,
      staff_id uuid not null references staff (id) on delete cascade,
      channel text not null check (channel in ('phone', 'video', 'in_person')),
      starts_at timestamptz not null,
      ends_at timestamptz not null,
      busy_until timestamptz not null,
      location text,
      status text not null default 'booked' check (status in ('booked', 'cancelled', 'done')),
      manage_token_hash text not null unique,
      -- The video meeting's link for the client (/fi/tapaaminen/<token>); only its hash is kept.
      meeting_token_hash text unique,
      request_key text unique,
      created_at timestamptz not null default now(),
      cancelled_at timestamptz,
      -- Reminders are claimed by setting these, so each goes out once whatever the number of nodes.
      reminded_day_before_at timestamptz,
      reminded_hour_before_at timestamptz,
      check (ends_at > starts_at and busy_until >= ends_at),
      constraint appointments_no_overlap exclude using gist (
        staff_id with =, tstzrange(starts_at, busy_until) with &&
      ) where (status = 'booked')
    )`.execute(db);
  await sql`create index appointments_starts_idx on appointments (starts_at) where status = 'booked'`.execute(
    db,
  );

  // The key that booking links (manage, meeting) are derived from, so that reminders can repeat
  // them while only their hashes are stored. Made once per installation.
  await sql`
    create table service_keys (
      name text primary key,
      value text not null,
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`
    insert into service_keys (name, value)
    values ('booking_links', replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''))`.execute(
    db,
  );

  // An iCalendar file sent with the mail (booking confirmations).
  await sql`alter table outgoing_mail add column calendar text`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table outgoing_mail drop column calendar`.execute(db);
  await db.schema.dropTable('service_keys').ifExists().execute();
  for (const table of ['appointments', 'booking_settings', 'availability_exceptions', 'availability_rules']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
