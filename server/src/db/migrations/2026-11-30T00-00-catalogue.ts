import { sql, type Kysely } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one instead.

const vector = (config: string, lang: string) =>
  sql.raw(`
  setweight(to_tsvector('${config}'::regconfig, coalesce(name ->> '${lang}', name ->> 'fi', '')), 'A') ||
  setweight(to_tsvector('${config}'::regconfig, coalesce(summary ->> '${lang}', '')), 'B') ||
  setweight(to_tsvector('${config}'::regconfig, coalesce(description ->> '${lang}', '')), 'C')`);

const nameVector = (config: string, lang: string) =>
  sql.raw(`to_tsvector('${config}'::regconfig, coalesce(name ->> '${lang}', name ->> 'fi', ''))`);

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the app's evolving types
export async function up(db: Kysely<any>): Promise<void> {
  // Lets an Opintopolku export find its provider without --provider.
  await sql`alter table organisations add column opintopolku_oid text unique`.execute(db);

  // One programme is one implementation (Opintopolku: toteutus) by one provider.
  await sql`
    create table programmes (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisations (id),
      source text not null check (source in ('opintopolku', 'csv')),
      external_id text not null check (char_length(external_id) between 1 and 200),
      is_active boolean not null default true,
      name jsonb not null,
      summary jsonb not null default '{}',
      description jsonb not null default '{}',
      qualification_type text not null check (qualification_type in (
        'vocational_upper_secondary', 'further_vocational', 'specialist_vocational',
        'qualification_part', 'tuva', 'telma', 'other')),
      field text check (field ~ '^[0-9]{2}$'),
      qualification_code text,
      study_forms text[] not null default '{}',
      municipalities text[] not null default '{}',
      online_only boolean not null default false,
      languages text[] not null default '{fi}',
      teaching_times text[] not null default '{}',
      continuous_start boolean not null default false,
      start_dates date[] not null default '{}',
      application jsonb not null default '{"methods": [], "periods": []}',
      application_url jsonb not null default '{}',
      duration_months numeric(5, 1),
      cost jsonb not null default '{}',
      support text[] not null default '{}',
      url text,
      source_updated_at timestamptz,
      content_hash text not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      deactivated_at timestamptz,
      search_fi tsvector generated always as (${vector('finnish', 'fi')}) stored,
      search_sv tsvector generated always as (${vector('swedish', 'sv')}) stored,
      search_en tsvector generated always as (${vector('english', 'en')}) stored,
      -- names alone: a match in the name ranks first (cheaper than ts_rank over every hit)
      search_name_fi tsvector generated always as (${nameVector('finnish', 'fi')}) stored,
      search_name_sv tsvector generated always as (${nameVector('swedish', 'sv')}) stored,
      search_name_en tsvector generated always as (${nameVector('english', 'en')}) stored,
      unique (organisation_id, external_id)
    )`.execute(db);
  await sql`create index programmes_active_idx on programmes (is_active)`.execute(db);
  await sql`create index programmes_search_fi_idx on programmes using gin (search_fi)`.execute(db);
  await sql`create index programmes_search_sv_idx on programmes using gin (search_sv)`.execute(db);
  await sql`create index programmes_search_en_idx on programmes using gin (search_en)`.execute(db);

  // A counter every import bumps: each server node keeps the listing index in memory and
  // reloads it when the counter moves.
  await sql`create table catalogue_state (id integer primary key check (id = 1), revision bigint not null)`.execute(
    db,
  );
  await sql`insert into catalogue_state (id, revision) values (1, 1)`.execute(db);

  await sql`
    create table catalogue_imports (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid references organisations (id),
      staff_id uuid references staff (id),
      source text not null,
      file_name text,
      dry_run boolean not null default false,
      report jsonb not null,
      created_at timestamptz not null default now()
    )`.execute(db);

  // Contact requests from the finder and the shortlist: a conversation of its own channel,
  // created only with the client's consent.
  await sql`alter table conversations drop constraint conversations_channel_check`.execute(db);
  await sql`
    alter table conversations add constraint conversations_channel_check
      check (channel in ('chat', 'email', 'phone', 'video', 'in_person', 'web_form'))`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await sql`delete from conversations where channel = 'web_form'`.execute(db);
  await sql`alter table conversations drop constraint conversations_channel_check`.execute(db);
  await sql`
    alter table conversations add constraint conversations_channel_check
      check (channel in ('chat', 'email', 'phone', 'video', 'in_person'))`.execute(db);
  await sql`drop table catalogue_imports`.execute(db);
  await sql`drop table catalogue_state`.execute(db);
  await sql`drop table programmes`.execute(db);
  await sql`alter table organisations drop column opintopolku_oid`.execute(db);
}
