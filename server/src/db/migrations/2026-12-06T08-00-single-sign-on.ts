import { sql, type Kysely } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one instead.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the app's evolving types
export async function up(db: Kysely<any>): Promise<void> {
  // An OpenID Connect identity provider (Entra ID, Google Workspace …) that vouches for the staff
  // of some email domains: set up by admins, or by a provider's admins for their provider. The
  // client secret is encrypted with the installation's `secrets` key.
  await sql`
    create table sso_providers (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid references organisations (id) on delete cascade,
      name text not null check (char_length(name) between 1 and 100),
      issuer text not null check (char_length(issuer) <= 500),
      client_id text not null check (char_length(client_id) <= 500),
      client_secret text not null,
      domains text[] not null,
      allow_create boolean not null default false,
      password_sign_in boolean not null default true,
      is_active boolean not null default true,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);

  // Which identity-provider account is which staff member, fixed at the first sign-in: later
  // sign-ins go by the provider's subject, not by an email that may change.
  await sql`
    create table staff_sso_links (
      provider_id uuid not null references sso_providers (id) on delete cascade,
      subject text not null,
      staff_id uuid not null references staff (id) on delete cascade,
      created_at timestamptz not null default now(),
      primary key (provider_id, subject)
    )`.execute(db);
  await sql`create index staff_sso_links_staff_idx on staff_sso_links (staff_id)`.execute(db);

  // A sign-in on its way through the identity provider: keyed by the hash of its `state`, with
  // the PKCE verifier and the nonce; ten minutes and one use.
  await sql`
    create table sso_logins (
      id text primary key,
      provider_id uuid not null references sso_providers (id) on delete cascade,
      code_verifier text not null,
      nonce text not null,
      next text,
      expires_at timestamptz not null
    )`.execute(db);

  // The identity provider a session came from, for offering its own sign-out.
  await sql`alter table sessions add column sso_provider_id uuid references sso_providers (id) on delete set null`.execute(
    db,
  );
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table sessions drop column if exists sso_provider_id`.execute(db);
  await sql`drop table if exists sso_logins`.execute(db);
  await sql`drop table if exists staff_sso_links`.execute(db);
  await sql`drop table if exists sso_providers`.execute(db);
}
