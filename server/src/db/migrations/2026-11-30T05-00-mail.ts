import { sql, type Kysely } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one instead.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the app's evolving types
export async function up(db: Kysely<any>): Promise<void> {
  // reply_token: the part after "+" in the Reply-To address of mail about this conversation.
  // due_at: call-backs, when to call (start of the preferred window, or the agreed retry time).
  await sql`
    alter table conversations
      add column reply_token text unique,
      add column due_at timestamptz`.execute(db);
  await sql`
    create index conversations_due_idx on conversations (due_at)
      where channel = 'phone' and status <> 'closed'`.execute(db);
  await sql`create index conversations_last_message_idx on conversations (last_message_at desc)`.execute(db);

  // Everything a mail needs to be sent again exactly as first composed, and its retry schedule.
  await sql`
    alter table outgoing_mail
      add column kind text not null default 'notice',
      add column from_address text not null default '',
      add column reply_to text,
      add column html_body text,
      add column message_id text not null default '',
      add column in_reply_to text,
      add column references_header text,
      add column auto_submitted text,
      add column message_seq integer,
      add column next_attempt_at timestamptz default now()`.execute(db);
  await sql`
    create index outgoing_mail_due_idx on outgoing_mail (next_attempt_at)
      where status = 'queued'`.execute(db);
  await sql`create index outgoing_mail_conversation_idx on outgoing_mail (conversation_id)`.execute(db);

  // Message-IDs the service sent or received per conversation: threading by In-Reply-To and
  // References, and a mail delivered twice is taken once.
  await sql`
    create table mail_message_ids (
      message_id text primary key,
      conversation_id uuid not null references conversations (id) on delete cascade,
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index mail_message_ids_conversation_idx on mail_message_ids (conversation_id)`.execute(db);

  await sql`
    create table attachments (
      id uuid primary key default gen_random_uuid(),
      conversation_id uuid not null references conversations (id) on delete cascade,
      message_seq integer not null,
      filename text not null,
      content_type text not null,
      size_bytes integer not null,
      content bytea not null,
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index attachments_conversation_idx on attachments (conversation_id)`.execute(db);

  // Confirmations sent per address and hour: a loop or a flood of forms cannot make the
  // service mail one address without end.
  await sql`
    create table mail_send_counters (
      address text not null,
      window_start timestamptz not null,
      count integer not null default 0,
      primary key (address, window_start)
    )`.execute(db);

  // The inbox's free-text search over messages.
  await sql`create index messages_body_search_idx on messages using gin (to_tsvector('simple', body))`.execute(
    db,
  );
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists messages_body_search_idx`.execute(db);
  for (const table of ['mail_send_counters', 'attachments', 'mail_message_ids']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
  await sql`drop index if exists outgoing_mail_conversation_idx`.execute(db);
  await sql`drop index if exists outgoing_mail_due_idx`.execute(db);
  await sql`
    alter table outgoing_mail
      drop column kind,
      drop column from_address,
      drop column reply_to,
      drop column html_body,
      drop column message_id,
      drop column in_reply_to,
      drop column references_header,
      drop column auto_submitted,
      drop column message_seq,
      drop column next_attempt_at`.execute(db);
  await sql`drop index if exists conversations_last_message_idx`.execute(db);
  await sql`drop index if exists conversations_due_idx`.execute(db);
  await sql`alter table conversations drop column reply_token, drop column due_at`.execute(db);
}
