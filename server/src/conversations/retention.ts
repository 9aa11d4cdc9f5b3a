import { sql } from 'kysely';
import type { Db } from '../db/database-types.js';
import { CHAT_RETENTION_DAYS } from './vocabulary.js';
import type { Channel } from './conversation.table.js';
import { eraseConversations } from './erasure.js';

/**
 * The columns every way of closing a conversation sets (a counsellor, a bulk close, a logged
 * call, a cancelled booking): closed now, out of the queue, kept CHAT_RETENTION_DAYS from now —
 * unless it has a retention date of its own already (a contact request keeps its date).
 */
export function closedNow(outcome: string) {
  return {
    status: 'closed' as const,
    outcome,
    closed_at: sql<Date>`coalesce(closed_at, now())`,
    queued_at: null,
    updated_at: sql<Date>`now()`,
    retain_until: sql<Date>`coalesce(retain_until, now() + make_interval(days => ${CHAT_RETENTION_DAYS}))`,
  };
}

/**
 * The same columns as closedNow, for a contact that closed at a known time (recorded history):
 * kept CHAT_RETENTION_DAYS from that time, unless it has a retention date of its own.
 */
export function closedAt(outcome: string, at: Date, retainUntil?: Date | null) {
  return {
    status: 'closed' as const,
    outcome,
    closed_at: at,
    queued_at: null,
    updated_at: at,
    retain_until: retainUntil ?? new Date(at.getTime() + CHAT_RETENTION_DAYS * 86_400_000),
  };
}

/*
 * Retention per class of data. Admins set the days of each class (retention_settings) within the
 * installation's limits (RETENTION_MIN_DAYS, RETENTION_MAX_DAYS); a class without a setting keeps
 * its default. The purge counts from the data's own dates at the time it runs, so a changed
 * setting changes what the next purge removes, also for data already stored.
 *
 * A conversation past its time is erased as a data-subject erasure is (conversations/erasure.ts):
 * everything about the person goes, the anonymous row stays so that the reports of ended months
 * do not change. A conversation under a legal hold is never purged.
 */
export const retentionClasses = [
  'chat',
  'email',
  'phone',
  'booking',
  'web_form',
  'popup',
  'contact_request',
  'outgoing_mail',
  'audit_log',
  'search_log',
  'practice',
  'event_registration',
] as const;
export type RetentionClass = (typeof retentionClasses)[number];
const conversationClasses = retentionClasses.slice(0, 7);

export const defaultRetentionDays: Record<RetentionClass, number> = {
  chat: CHAT_RETENTION_DAYS,
  email: CHAT_RETENTION_DAYS,
  phone: CHAT_RETENTION_DAYS,
  booking: CHAT_RETENTION_DAYS,
  web_form: CHAT_RETENTION_DAYS,
  popup: CHAT_RETENTION_DAYS,
  contact_request: 180,
  outgoing_mail: 30,
  // Who opened what must outlive the conversations it is about, for complaints about access.
  audit_log: 5 * 365,
  search_log: 90,
  // Practice conversations with their reviews: long enough for a trainer's follow-up.
  practice: 90,
  // Registrations for group sessions, counted from the session's end: the address goes, the
  // anonymous row stays for the figures.
  event_registration: 180,
};

/** Sent or stored mail is kept this long by default for delivery questions, then deleted. */
export const OUTGOING_MAIL_RETENTION_DAYS = defaultRetentionDays.outgoing_mail;

export type RetentionDays = Record<RetentionClass, number>;

/** The days of every class: the admins' settings over the defaults. */
export async function readRetentionDays(db: Db): Promise<RetentionDays> {
  const rows = await db.selectFrom('retention_settings').select(['data_class', 'days']).execute();
  const days = { ...defaultRetentionDays };
  for (const row of rows) {
    if ((retentionClasses as readonly string[]).includes(row.data_class)) {
      days[row.data_class as RetentionClass] = row.days;
    }
  }
  return days;
}

/**
 * The class of the conversation `c`: a catalogue contact request; a booking (a meeting booked,
 * or a video call); a pop-up or other face-to-face contact; a chat; a phone call or call-back; a
 * message left through a web form (write to us, the chat's leave-a-message, accessibility
 * feedback); else an email.
 */
export const conversationClass = sql<RetentionClass>`case
  when c.channel = 'web_form' then 'contact_request'
  when c.channel = 'video' or exists (select 1 from appointments a where a.conversation_id = c.id) then 'booking'
  when c.channel = 'in_person' then 'popup'
  when c.channel = 'chat' then 'chat'
  when c.channel = 'phone' then 'phone'
  when c.details ->> 'origin' in ('contact_form', 'chat_offline', 'accessibility_form') then 'web_form'
  else 'email' end`;

/** When the conversation's time starts: its closing, or for a contact request its arrival. */
const retentionStart = sql<Date>`coalesce(c.closed_at, case when c.channel = 'web_form' then c.created_at end)`;

const daysOf = (days: RetentionDays) =>
  sql<number>`case ${conversationClass} ${sql.join(
    conversationClasses.map((k) => sql`when ${k} then ${days[k]}::int`),
    sql` `,
  )} end`;

/** The conversations past their time (not yet erased, not held), with their class. */
function dueConversations(db: Db, days: RetentionDays, now: Date) {
  return db
    .selectFrom('conversations as c')
    .select(['c.id', conversationClass.as('data_class')])
    .where('c.erased_at', 'is', null)
    .where('c.legal_hold_at', 'is', null)
    .where(sql<boolean>`${retentionStart} < ${now}::timestamptz - make_interval(days => ${daysOf(days)})`);
}

const before = (now: Date, days: number) =>
  sql<Date>`${now}::timestamptz - make_interval(days => ${days}::int)`;

export type RetentionCounts = Record<RetentionClass, number>;

const zeroCounts = (): RetentionCounts =>
  Object.fromEntries(retentionClasses.map((k) => [k, 0])) as RetentionCounts;

/** What a purge at `now` would remove, per class — the same queries the purge runs. */
export async function previewPurge(db: Db, days: RetentionDays, now = new Date()): Promise<RetentionCounts> {
  const counts = zeroCounts();
  const due = await db
    .selectFrom(dueConversations(db, days, now).as('d'))
    .select(['d.data_class', db.fn.countAll<string>().as('n')])
    .groupBy('d.data_class')
    .execute();
  for (const row of due) counts[row.data_class] = Number(row.n);
  const [mail, audit, searches] = await Promise.all([
    expiredMail(db, days, now).select(db.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
    db
      .selectFrom('audit_log')
      .select(db.fn.countAll<string>().as('n'))
      .where('occurred_at', '<', before(now, days.audit_log))
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('search_queries')
      .select(db.fn.countAll<string>().as('n'))
      .where('created_at', '<', before(now, days.search_log))
      .executeTakeFirstOrThrow(),
  ]);
  counts.outgoing_mail = Number(mail.n);
  counts.audit_log = Number(audit.n);
  counts.search_log = Number(searches.n);
  const practice = await expiredPractice(db, days, now)
    .select(db.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  const shadowing = await db
    .selectFrom('shadow_sessions')
    .select(db.fn.countAll<string>().as('n'))
    .where(sql<boolean>`coalesce(ended_at, decided_at, created_at) < ${before(now, days.practice)}`)
    .executeTakeFirstOrThrow();
  counts.practice = Number(practice.n) + Number(shadowing.n);
  const registrations = await expiredRegistrations(db, days, now)
    .select(db.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  counts.event_registration = Number(registrations.n);
  return counts;
}

/** Registrations that still hold an address, of sessions that ended longer ago than their days. */
const expiredRegistrations = (db: Db, days: RetentionDays, now: Date) =>
  db
    .selectFrom('event_registrations as r')
    .where('r.email', 'is not', null)
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('events as e')
          .select('e.id')
          .whereRef('e.id', '=', 'r.event_id')
          .where('e.ends_at', '<', before(now, days.event_registration)),
      ),
    );

/** Practice conversations (training/) counted from their end, or their start while unfinished. */
const expiredPractice = (db: Db, days: RetentionDays, now: Date) =>
  db
    .selectFrom('practice_sessions')
    .where(sql<boolean>`coalesce(finished_at, created_at) < ${before(now, days.practice)}`);

const expiredMail = (db: Db, days: RetentionDays, now: Date) =>
  db
    .selectFrom('outgoing_mail')
    .where('status', 'in', ['sent', 'stored', 'failed'])
    .where('created_at', '<', before(now, days.outgoing_mail));

/**
 * Erases the conversations past their time (one transaction per run) and deletes the mail log,
 * audit log and search log rows past theirs. Returns what it removed per class.
 */
export async function purgeExpired(db: Db, days: RetentionDays, now = new Date()): Promise<RetentionCounts> {
  const counts = zeroCounts();
  await db.transaction().execute(async (trx) => {
    const due = await dueConversations(trx, days, now).execute();
    if (due.length > 0) {
      await eraseConversations(
        trx,
        due.map((d) => d.id),
      );
      for (const row of due) counts[row.data_class] += 1;
    }
  });
  const mail = await db
    .deleteFrom('outgoing_mail')
    .where('status', 'in', ['sent', 'stored', 'failed'])
    .where('created_at', '<', before(now, days.outgoing_mail))
    .executeTakeFirst();
  counts.outgoing_mail = Number(mail.numDeletedRows);
  const audit = await db
    .deleteFrom('audit_log')
    .where('occurred_at', '<', before(now, days.audit_log))
    .executeTakeFirst();
  counts.audit_log = Number(audit.numDeletedRows);
  const searches = await db
    .deleteFrom('search_queries')
    .where('created_at', '<', before(now, days.search_log))
    .executeTakeFirst();
  counts.search_log = Number(searches.numDeletedRows);
  // Their messages and reviews go with them (on delete cascade).
  const practice = await db
    .deleteFrom('practice_sessions')
    .where(sql<boolean>`coalesce(finished_at, created_at) < ${before(now, days.practice)}`)
    .executeTakeFirst();
  // So does the following of colleagues' chats, with the observers' notes.
  const shadowing = await db
    .deleteFrom('shadow_sessions')
    .where(sql<boolean>`coalesce(ended_at, decided_at, created_at) < ${before(now, days.practice)}`)
    .executeTakeFirst();
  counts.practice = Number(practice.numDeletedRows) + Number(shadowing.numDeletedRows);
  const registrations = await db
    .updateTable('event_registrations')
    .set({ email: null, token_hash: null, erased_at: sql<Date>`now()` })
    .where('id', 'in', expiredRegistrations(db, days, now).select('r.id'))
    .executeTakeFirst();
  counts.event_registration = Number(registrations.numUpdatedRows);
  // Confirmation counters are only needed for the hour they count.
  await db
    .deleteFrom('mail_send_counters')
    .where('window_start', '<', sql<Date>`${now}::timestamptz - interval '1 day'`)
    .execute();
  return counts;
}

/**
 * The retention purge with the admins' settings: what is past its time goes; returns the number
 * of conversations erased (of `channel` only, when given).
 */
export async function purgeExpiredConversations(
  db: Db,
  now = new Date(),
  channel?: Channel,
): Promise<number> {
  const days = await readRetentionDays(db);
  if (!channel) {
    const counts = await purgeExpired(db, days, now);
    return conversationClasses.reduce((sum, k) => sum + counts[k], 0);
  }
  return db.transaction().execute(async (trx) => {
    const due = await dueConversations(trx, days, now).where('c.channel', '=', channel).execute();
    if (due.length > 0)
      await eraseConversations(
        trx,
        due.map((d) => d.id),
      );
    return due.length;
  });
}
