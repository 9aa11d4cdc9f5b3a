import { sql, type Kysely } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one instead.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the app's evolving types
export async function up(db: Kysely<any>): Promise<void> {
  // Duties an admin grants a staff member on top of their role (e.g. `privacy`: the provider's
  // data-protection contact answers data-subject requests).
  await sql`alter table staff add column grants text[] not null default '{}'`.execute(db);

  // A legal hold pauses a conversation's retention and refuses its erasure, with the reason named.
  // An erased conversation keeps only what the statistics count; erased_at says it was erased.
  await sql`
    alter table conversations
      add column legal_hold_reason text,
      add column legal_hold_at timestamptz,
      add column legal_hold_by uuid references staff (id) on delete set null,
      add column erased_at timestamptz,
      add constraint conversations_legal_hold_complete
        check ((legal_hold_reason is null) = (legal_hold_at is null))`.execute(db);
  await sql`create index conversations_legal_hold_idx on conversations (legal_hold_at) where legal_hold_at is not null`.execute(
    db,
  );
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    alter table conversations
      drop column if exists legal_hold_reason,
      drop column if exists legal_hold_at,
      drop column if exists legal_hold_by,
      drop column if exists erased_at`.execute(db);
  await sql`alter table staff drop column if exists grants`.execute(db);
}
