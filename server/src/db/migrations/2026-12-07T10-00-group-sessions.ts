import { sql, type Kysely } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one instead.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the app's evolving types
export async function up(db: Kysely<any>): Promise<void> {
  // An event is face to face (the pop-up sessions), online (no place) or hybrid. It may take
  // registrations up to a capacity; an online or hybrid one may carry an external join link or
  // use the service's own meeting room (at most 8 people: the counsellors and 7 registrants).
  await sql`
    alter table events
      add column format text not null default 'in_person'
        check (format in ('in_person', 'online', 'hybrid')),
      add column capacity integer check (capacity between 1 and 500),
      add column join_url text check (join_url ~ '^https://' and char_length(join_url) <= 1000),
      add column meeting_room boolean not null default false,
      alter column municipality drop not null,
      drop constraint if exists events_place_check,
      add constraint events_place_length check (char_length(place) <= 200),
      add constraint events_place_given check (format = 'online' or (char_length(place) > 0 and municipality is not null)),
      add constraint events_join_url_online check (format <> 'in_person' or join_url is null),
      add constraint events_meeting_room_small check (
        not meeting_room or (format <> 'in_person' and join_url is null and capacity <= 7))`.execute(db);

  // One person's registration for a session. The email goes (erasure, retention) and the row
  // stays as an anonymous count; the cancel link's token is stored as its hash only.
  await sql`
    create table event_registrations (
      id uuid primary key default gen_random_uuid(),
      event_id uuid not null references events (id) on delete cascade,
      email text check (char_length(email) <= 320),
      language text not null check (language ~ '^[a-z]{2,3}$'),
      lang text not null check (lang in ('fi', 'sv', 'en')),
      status text not null check (status in ('registered', 'waiting', 'cancelled')),
      consent_at timestamptz not null,
      token_hash text unique,
      attended boolean,
      created_at timestamptz not null default now(),
      promoted_at timestamptz,
      cancelled_at timestamptz,
      reminded_day_before_at timestamptz,
      reminded_hour_before_at timestamptz,
      erased_at timestamptz
    )`.execute(db);
  // One live registration per address and session: a second one finds the first.
  await sql`
    create unique index event_registrations_live_email_idx on event_registrations (event_id, lower(email))
      where status <> 'cancelled' and email is not null`.execute(db);
  await sql`create index event_registrations_event_idx on event_registrations (event_id, status, created_at)`.execute(
    db,
  );
  await sql`create index event_registrations_email_idx on event_registrations (lower(email)) where email is not null`.execute(
    db,
  );
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists event_registrations`.execute(db);
  await sql`delete from events where municipality is null`.execute(db);
  await sql`
    alter table events
      drop constraint if exists events_meeting_room_small,
      drop constraint if exists events_join_url_online,
      drop constraint if exists events_place_given,
      drop constraint if exists events_place_length,
      drop column if exists meeting_room,
      drop column if exists join_url,
      drop column if exists capacity,
      drop column if exists format,
      alter column municipality set not null`.execute(db);
}
