import { sql, type Kysely } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one instead.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the app's evolving types
export async function up(db: Kysely<any>): Promise<void> {
  // The client's home municipality, as Statistics Finland's three-digit code (never free text);
  // given by the client on any channel or noted by the counsellor, never required. The
  // reports read it from the contacts (not the monthly roll-up).
  await sql`
    alter table conversations
      add column client_municipality text check (client_municipality ~ '^[0-9]{3}$')`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table conversations drop column if exists client_municipality`.execute(db);
}
