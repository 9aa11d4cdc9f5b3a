import { sql, type Kysely } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one instead.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the app's evolving types
export async function up(db: Kysely<any>): Promise<void> {
  // The reports read a period of contacts, for every provider or for one. Both indexes carry
  // every column the reports group or measure by, so a period is read from the index alone
  // (an index-only scan) instead of from the wide table rows. One provider's contacts of a
  // period are one range of the second index.
  const reported = sql.raw(
    'channel, topic, language, organisation_id, client_age_band, client_situation, ' +
      'assigned_staff_id, event_id, first_response_at, closed_at, outcome',
  );
  await sql`create index conversations_report_idx on conversations (created_at) include (${reported})`.execute(
    db,
  );
  await sql`
    create index conversations_org_created_idx on conversations (organisation_id, created_at)
      include (${reported})`.execute(db);
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
  await sql`drop index if exists conversations_report_idx`.execute(db);
}
