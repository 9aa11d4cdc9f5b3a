import { sql, type Kysely } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one instead.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the app's evolving types
export async function up(db: Kysely<any>): Promise<void> {
  // How long each class of data is kept, as the admins set it within the installation's limits;
  // a class without a row keeps its default (conversations/retention.ts).
  await sql`
    create table retention_settings (
      data_class text primary key,
      days integer not null check (days > 0),
      updated_at timestamptz not null default now(),
      updated_by uuid references staff (id) on delete set null
    )`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists retention_settings`.execute(db);
}
