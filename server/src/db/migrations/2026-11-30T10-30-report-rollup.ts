import { sql, type Kysely } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one instead.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the app's evolving types
export async function up(db: Kysely<any>): Promise<void> {
  // Monthly roll-ups of the reports' figures: per Helsinki month, provider and channel, the
  // count of contacts per value of each dimension (`dim`, `key`), including the weekday × hour
  // of creation, the log-spaced buckets of response and handling times, abandoned chats,
  // feedback scores and the funder's client groups. `provider` is an organisation id, `none`
  // for the shared queue, or `*` for every provider together (what an admin reads, so a year
  // is a few thousand rows). A month is used only once it has ended, has been rolled up
  // (`report_months`) and has no change since (`report_changes`).
  await sql`
    create table report_month_counts (
      month date not null,
      provider text not null,
      channel text not null,
      dim text not null,
      key text,
      n integer not null
    )`.execute(db);
  await sql`
    create index report_month_counts_idx on report_month_counts (provider, month)
      include (channel, dim, key, n)`.execute(db);
  await sql`
    create table report_months (
      month date primary key,
      refreshed_at timestamptz not null default now()
    )`.execute(db);
  // One row per change to a contact of an ended month (or of the month ending within a day).
  // Only rows the roll-up job has seen are deleted, so a change committed while a month is being
  // rolled up keeps its row and the month is rolled up again.
  await sql`
    create table report_changes (
      id bigint generated always as identity primary key,
      month date not null
    )`.execute(db);
  await sql`create index report_changes_month_idx on report_changes (month)`.execute(db);
  // Feedback is given after its contact was created, so the feedback of a period's contacts is
  // found among the feedback given since the period began.
  await sql`create index conversation_feedback_created_idx on conversation_feedback (created_at)`.execute(db);

  // The month a contact belongs to, and the first month that is not yet marked: the current
  // month is never rolled up (it is always read from the contacts), but its last day is marked
  // so that nothing changed around midnight is lost when the month ends.
  await sql`
    create function report_unmarked_from() returns date language sql stable as $$
      select date_trunc('month', (now() + interval '1 day') at time zone 'Europe/Helsinki')::date
    $$`.execute(db);
  await sql`
    create function report_mark_conversations() returns trigger language plpgsql as $$
    begin
      insert into report_changes (month)
        select m from (
          select distinct date_trunc('month', created_at at time zone 'Europe/Helsinki')::date as m
          from changed
        ) s
        where m < report_unmarked_from();
      return null;
    end $$`.execute(db);
  await sql`
    create function report_mark_feedback() returns trigger language plpgsql as $$
    begin
      insert into report_changes (month)
        select m from (
          select distinct date_trunc('month', c.created_at at time zone 'Europe/Helsinki')::date as m
          from changed f join conversations c on c.id = f.conversation_id
        ) s
        where m < report_unmarked_from();
      return null;
    end $$`.execute(db);
  await sql`
    create function report_mark_conversation_row() returns trigger language plpgsql as $$
    declare
      old_month date := date_trunc('month', old.created_at at time zone 'Europe/Helsinki')::date;
      new_month date := date_trunc('month', new.created_at at time zone 'Europe/Helsinki')::date;
    begin
      if old_month < report_unmarked_from() then
        insert into report_changes (month) values (old_month);
      end if;
      if new_month <> old_month and new_month < report_unmarked_from() then
        insert into report_changes (month) values (new_month);
      end if;
      return null;
    end $$`.execute(db);

  for (const [name, table, event, rows, fn] of statementTriggers) {
    await sql`
      create trigger ${sql.raw(name)} after ${sql.raw(event)} on ${sql.raw(table)}
        referencing ${sql.raw(rows)} table as changed
        for each statement execute function ${sql.raw(fn)}()`.execute(db);
  }
  // Only the columns the reports read; a new chat message or a note changes nothing here.
  const columns = (row: 'old' | 'new') => sql.raw(reportedColumns.map((c) => `${row}.${c}`).join(', '));
  await sql`
    create trigger conversations_report_update after update on conversations
      for each row
      when ((${columns('old')}) is distinct from (${columns('new')}))
      execute function report_mark_conversation_row()`.execute(db);
}

/** The statement triggers: name, table, event, transition table, function. */
const statementTriggers = [
  ['conversations_report_insert', 'conversations', 'insert', 'new', 'report_mark_conversations'],
  ['conversations_report_delete', 'conversations', 'delete', 'old', 'report_mark_conversations'],
  ['conversation_feedback_report_insert', 'conversation_feedback', 'insert', 'new', 'report_mark_feedback'],
  ['conversation_feedback_report_update', 'conversation_feedback', 'update', 'new', 'report_mark_feedback'],
  ['conversation_feedback_report_delete', 'conversation_feedback', 'delete', 'old', 'report_mark_feedback'],
] as const;

/** The conversation columns the reports read (an update of any other marks nothing). */
const reportedColumns = [
  'created_at',
  'channel',
  'topic',
  'language',
  'organisation_id',
  'client_age_band',
  'client_situation',
  'assigned_staff_id',
  'event_id',
  'first_response_at',
  'closed_at',
  'outcome',
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger if exists conversations_report_update on conversations`.execute(db);
  for (const [name, table] of statementTriggers) {
    await sql`drop trigger if exists ${sql.raw(name)} on ${sql.raw(table)}`.execute(db);
  }
  await sql`drop function if exists report_mark_conversation_row()`.execute(db);
  await sql`drop function if exists report_mark_feedback()`.execute(db);
  await sql`drop function if exists report_mark_conversations()`.execute(db);
  await sql`drop function if exists report_unmarked_from()`.execute(db);
  await sql`drop index if exists conversation_feedback_created_idx`.execute(db);
  await db.schema.dropTable('report_changes').ifExists().execute();
  await db.schema.dropTable('report_months').ifExists().execute();
  await db.schema.dropTable('report_month_counts').ifExists().execute();
}
