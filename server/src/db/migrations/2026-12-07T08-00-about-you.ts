import { sql, type Kysely } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one instead.

/** The conversation columns the reports read, now with the home municipality. */
const reportedColumns = [
  'created_at',
  'channel',
  'topic',
  'language',
  'organisation_id',
  'client_age_band',
  'client_situation',
  'client_municipality',
  'assigned_staff_id',
  'event_id',
  'first_response_at',
  'closed_at',
  'outcome',
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the app's evolving types
async function reportTrigger(db: Kysely<any>, columns: string[]): Promise<void> {
  const of = (row: 'old' | 'new') => sql.raw(columns.map((c) => `${row}.${c}`).join(', '));
  await sql`drop trigger if exists conversations_report_update on conversations`.execute(db);
  await sql`
    create trigger conversations_report_update after update on conversations
      for each row
      when ((${of('old')}) is distinct from (${of('new')}))
      execute function report_mark_conversation_row()`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the app's evolving types
export async function up(db: Kysely<any>): Promise<void> {
  // The client's home municipality, as Statistics Finland's three-digit code (never free text);
  // given by the client on any channel or noted by the counsellor, never required.
  await sql`
    alter table conversations
      add column client_municipality text check (client_municipality ~ '^[0-9]{3}$')`.execute(db);
  // The monthly roll-up counts it too: a change to it marks its month, and the months rolled up
  // so far (without it) are rolled up again by the job.
  await reportTrigger(db, reportedColumns);
  await sql`insert into report_changes (month) select month from report_months`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await reportTrigger(
    db,
    reportedColumns.filter((c) => c !== 'client_municipality'),
  );
  await sql`alter table conversations drop column if exists client_municipality`.execute(db);
}
