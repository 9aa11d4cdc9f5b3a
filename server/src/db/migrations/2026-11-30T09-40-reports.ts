import { sql, type Kysely } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one instead.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the app's evolving types
export async function up(db: Kysely<any>): Promise<void> {
  // The reports read a period of contacts, often for one provider: the provider's contacts of
  // a period are one range of this index instead of a scan of every provider's.
  await sql`create index conversations_org_created_idx on conversations (organisation_id, created_at)`.execute(
    db,
  );
  // Invitation and finder counts of a period, per kind.
  await sql`create index daily_counters_kind_day_idx on daily_counters (kind, day)`.execute(db);
  // Article helpfulness of a period.
  await sql`create index article_feedback_created_idx on article_feedback (created_at)`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists article_feedback_created_idx`.execute(db);
  await sql`drop index if exists daily_counters_kind_day_idx`.execute(db);
  await sql`drop index if exists conversations_org_created_idx`.execute(db);
}
