import { sql, type Kysely } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one instead.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the app's evolving types
export async function up(db: Kysely<any>): Promise<void> {
  // Two-step verification with a time-based code (RFC 6238). The secret is kept encrypted with
  // the installation's `secrets` key; `totp_last_step` is the last 30-second step whose code was
  // used, so a code works once. A secret being set up waits in `totp_pending_secret` until the
  // person proves it with a code.
  await sql`alter table staff add column totp_secret text`.execute(db);
  await sql`alter table staff add column totp_pending_secret text`.execute(db);
  await sql`alter table staff add column totp_enabled_at timestamptz`.execute(db);
  await sql`alter table staff add column totp_last_step bigint`.execute(db);

  // Ten single-use codes for when the phone is lost: only their hashes, deleted when used.
  await sql`
    create table staff_recovery_codes (
      staff_id uuid not null references staff (id) on delete cascade,
      code_hash text not null,
      created_at timestamptz not null default now(),
      primary key (staff_id, code_hash)
    )`.execute(db);

  // A sign-in whose password was right and that waits for its second step: the browser holds
  // the token, the database its hash; five minutes and one use.
  await sql`
    create table sign_in_challenges (
      id text primary key,
      staff_id uuid not null references staff (id) on delete cascade,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null
    )`.execute(db);
  await sql`create index sign_in_challenges_expires_idx on sign_in_challenges (expires_at)`.execute(db);

  // Who must use a second step: set by the service admins (one row).
  await sql`
    create table auth_settings (
      id boolean primary key default true check (id),
      require_two_step text not null default 'nobody'
        check (require_two_step in ('nobody', 'admins', 'admins_and_org_admins', 'everyone')),
      updated_at timestamptz not null default now()
    )`.execute(db);
  await sql`insert into auth_settings (id) values (true)`.execute(db);

  // The key that staff members' second-step secrets are encrypted with (AES-256-GCM).
  await sql`
    insert into service_keys (name, value)
    values ('secrets', replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''))`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await sql`delete from service_keys where name = 'secrets'`.execute(db);
  await sql`drop table if exists auth_settings`.execute(db);
  await sql`drop table if exists sign_in_challenges`.execute(db);
  await sql`drop table if exists staff_recovery_codes`.execute(db);
  for (const column of ['totp_last_step', 'totp_enabled_at', 'totp_pending_secret', 'totp_secret']) {
    await sql`alter table staff drop column if exists ${sql.ref(column)}`.execute(db);
  }
}
