import { sql, type Kysely } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one instead.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the app's evolving types
export async function up(db: Kysely<any>): Promise<void> {
  // A person added by an admin has no password until they set one through their invitation.
  await sql`alter table staff alter column password_hash drop not null`.execute(db);

  // Single-use links (72 hours) to set one's password: the mail holds the token, the database
  // its hash. A new link replaces the person's unused ones.
  await sql`
    create table staff_invitations (
      id text primary key,
      staff_id uuid not null references staff (id) on delete cascade,
      invited_by uuid references staff (id) on delete set null,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      used_at timestamptz
    )`.execute(db);
  await sql`create index staff_invitations_staff_idx on staff_invitations (staff_id)`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists staff_invitations`.execute(db);
  await sql`update staff set password_hash = '' where password_hash is null`.execute(db);
  await sql`alter table staff alter column password_hash set not null`.execute(db);
}
