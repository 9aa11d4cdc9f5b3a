import { sql, type Kysely } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one instead.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the app's evolving types
export async function up(db: Kysely<any>): Promise<void> {
  // Canned responses in every language of guidance (ar, uk, …), not only the service's fi/sv/en.
  await sql`
    alter table canned_responses
      drop constraint if exists canned_responses_language_check,
      add constraint canned_responses_language_code check (language ~ '^[a-z]{2,3}$')`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
export async function down(db: Kysely<any>): Promise<void> {
  await sql`delete from canned_responses where language not in ('fi', 'sv', 'en')`.execute(db);
  await sql`
    alter table canned_responses
      drop constraint if exists canned_responses_language_code,
      add constraint canned_responses_language_check check (language in ('fi', 'sv', 'en'))`.execute(db);
}
