import { sql, type Kysely } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one instead.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the app's evolving types
export async function up(db: Kysely<any>): Promise<void> {
  // Passkeys (WebAuthn credentials) of staff: the public key only; the private key never leaves
  // the person's device. `counter` is the authenticator's signature count, for spotting clones.
  await sql`
    create table staff_passkeys (
      id text primary key,
      staff_id uuid not null references staff (id) on delete cascade,
      name text not null check (char_length(name) between 1 and 60),
      public_key text not null,
      counter bigint not null default 0,
      transports text[] not null default '{}',
      created_at timestamptz not null default now(),
      last_used_at timestamptz
    )`.execute(db);
  await sql`create index staff_passkeys_staff_idx on staff_passkeys (staff_id)`.execute(db);

  // The random challenge of one passkey ceremony (adding a passkey, signing in), for five minutes.
  await sql`
    create table webauthn_challenges (
      id text primary key,
      staff_id uuid references staff (id) on delete cascade,
      purpose text not null check (purpose in ('register', 'sign_in')),
      challenge text not null,
      expires_at timestamptz not null
    )`.execute(db);
  await sql`create index webauthn_challenges_expires_idx on webauthn_challenges (expires_at)`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists webauthn_challenges`.execute(db);
  await sql`drop table if exists staff_passkeys`.execute(db);
}
