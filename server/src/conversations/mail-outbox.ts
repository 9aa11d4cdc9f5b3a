import { randomBytes, randomUUID } from 'node:crypto';
import { sql, type Selectable } from 'kysely';
import type { Db } from '../db/database-types.js';
import type { OutgoingMailTable } from './mail-outbox.table.js';
import type { OutgoingMailView } from '../features/inbox/inbox.types.js';
import { renderMail, type ComposedMail } from './mail-layout.js';

/** Where the service receives mail and what it sends as. */
export interface MailSettings {
  /** The From header, e.g. `OpinTori <neuvonta@opintori.example>`. */
  from: string;
  /** The domain of the service's own addresses (MAIL_DOMAIN). */
  domain: string;
  /** The service's address for links in mail (PUBLIC_URL, or the local address). */
  publicUrl: string;
}

/** The local part of the service address; replies go to `<this>+<token>@domain`. */
export const SERVICE_LOCAL_PART = 'neuvonta';
/** Confirmations one address can receive per hour: a mail loop or a form flood stops here. */
export const CONFIRMATIONS_PER_HOUR = 5;
/** How many earlier Message-IDs a reply lists in References. */
const MAX_REFERENCES = 20;

export const replyAddress = (settings: MailSettings, token: string) =>
  `${SERVICE_LOCAL_PART}+${token}@${settings.domain}`;

export const newMessageId = (settings: MailSettings) => `<${randomUUID()}@${settings.domain}>`;

/** The conversation's reply token, made on first use: 24 lower-case hex characters (96 bits). */
export async function ensureReplyToken(db: Db, conversationId: string): Promise<string> {
  const token = randomBytes(12).toString('hex');
  const row = await db
    .updateTable('conversations')
    .set({ reply_token: sql<string>`coalesce(reply_token, ${token})` })
    .where('id', '=', conversationId)
    .returning('reply_token')
    .executeTakeFirstOrThrow();
  return row.reply_token!;
}

/** Message-IDs known in a conversation, oldest first: the References of the next mail. */
async function conversationMessageIds(db: Db, conversationId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('mail_message_ids')
    .select('message_id')
    .where('conversation_id', '=', conversationId)
    .orderBy('created_at', 'desc')
    .limit(MAX_REFERENCES)
    .execute();
  return rows.map((r) => r.message_id).reverse();
}

/** The client's latest mail in the conversation: what a reply answers (In-Reply-To). */
async function lastClientMessageId(db: Db, conversationId: string): Promise<string | null> {
  const row = await db
    .selectFrom('messages')
    .select(sql<string>`details -> 'email' ->> 'messageId'`.as('message_id'))
    .where('conversation_id', '=', conversationId)
    .where('author_type', '=', 'client')
    .where(sql<boolean>`details -> 'email' ->> 'messageId' is not null`)
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.message_id ?? null;
}

/**
 * Counts one confirmation to an address in the current hour; false when the address has had
 * its share (the mail is then not queued at all).
 */
async function takeConfirmationAllowance(db: Db, address: string): Promise<boolean> {
  const row = await db
    .insertInto('mail_send_counters')
    .values({
      address: address.toLowerCase(),
      window_start: sql<Date>`date_trunc('hour', now())`,
      count: 1,
    })
    .onConflict((oc) =>
      oc.columns(['address', 'window_start']).doUpdateSet((eb) => ({
        count: eb('mail_send_counters.count', '+', 1),
      })),
    )
    .returning('count')
    .executeTakeFirstOrThrow();
  return row.count <= CONFIRMATIONS_PER_HOUR;
}

export interface QueueMailInput {
  conversationId: string | null;
  kind:
    | 'staff_reply'
    | 'contact_confirmation'
    | 'callback_confirmation'
    | 'accessibility_confirmation'
    | 'chat_transcript'
    | 'appointment_confirmation'
    | 'appointment_reminder'
    | 'counsellor_notice'
    | 'feedback_request'
    | 'staff_invitation'
    | 'event_registration'
    | 'event_reminder';
  to: string;
  /** Rendered here with the frame: the footer and the links to the privacy notice and accessibility statement. */
  mail: ComposedMail;
  /** The staff message this mail carries. */
  messageSeq?: number;
  /** Automatic mail (confirmations): marked Auto-Submitted and limited per address. */
  automatic?: boolean;
  /** An iCalendar file to attach. */
  calendar?: string;
}

/**
 * Queues a mail about a conversation with its threading headers: a fresh Message-ID, the
 * conversation's tokenised Reply-To, In-Reply-To the client's last mail and References to the
 * earlier ones. Returns undefined when an automatic mail is over the address's allowance.
 * Pass a transaction to queue it with the change it reports; kick the sender after commit.
 */
export async function queueMail(
  db: Db,
  settings: MailSettings,
  input: QueueMailInput,
): Promise<{ id: string } | undefined> {
  if (input.automatic && !(await takeConfirmationAllowance(db, input.to))) return undefined;
  const mail = renderMail(input.mail, settings.publicUrl);
  const messageId = newMessageId(settings);
  let replyTo: string | null = null;
  let inReplyTo: string | null = null;
  let references: string[] = [];
  if (input.conversationId) {
    replyTo = replyAddress(settings, await ensureReplyToken(db, input.conversationId));
    [inReplyTo, references] = await Promise.all([
      lastClientMessageId(db, input.conversationId),
      conversationMessageIds(db, input.conversationId),
    ]);
    await db
      .insertInto('mail_message_ids')
      .values({ message_id: messageId, conversation_id: input.conversationId })
      .execute();
  }
  return db
    .insertInto('outgoing_mail')
    .values({
      conversation_id: input.conversationId,
      kind: input.kind,
      from_address: settings.from,
      to_address: input.to,
      reply_to: replyTo,
      subject: mail.subject,
      text_body: mail.text,
      html_body: mail.html,
      message_id: messageId,
      in_reply_to: inReplyTo,
      references_header: references.length ? references.join(' ') : null,
      auto_submitted: input.automatic ? 'auto-replied' : null,
      message_seq: input.messageSeq ?? null,
      calendar: input.calendar ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

type OutgoingRow = Selectable<OutgoingMailTable>;

/** A file an outgoing mail carries, with its content. */
export interface OutgoingAttachment {
  filename: string;
  contentType: string;
  /** Bytes, as UTF-8. */
  size: number;
  content: string;
}

/** How a stored calendar is attached: today the one kind of file outgoing mail carries. */
const CALENDAR_FILENAME = 'opintori-tapaaminen.ics';
const CALENDAR_CONTENT_TYPE = 'text/calendar; charset=utf-8; method=PUBLISH';

/** The files a mail carries, in the order they are attached: what the sender sends and the log lists. */
export function outgoingAttachments(row: Pick<OutgoingRow, 'calendar'>): OutgoingAttachment[] {
  if (!row.calendar) return [];
  return [
    {
      filename: CALENDAR_FILENAME,
      contentType: CALENDAR_CONTENT_TYPE,
      size: Buffer.byteLength(row.calendar, 'utf8'),
      content: row.calendar,
    },
  ];
}

export function presentOutgoingMail(row: OutgoingRow): OutgoingMailView {
  const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
  return {
    id: row.id,
    conversationId: row.conversation_id,
    kind: row.kind,
    from: row.from_address,
    to: row.to_address,
    replyTo: row.reply_to,
    subject: row.subject,
    text: row.text_body,
    html: row.html_body,
    messageId: row.message_id,
    inReplyTo: row.in_reply_to,
    references: row.references_header,
    status: row.status,
    attempts: row.attempts,
    lastError: row.last_error,
    nextAttemptAt: row.status === 'queued' ? iso(row.next_attempt_at) : null,
    messageSeq: row.message_seq,
    createdAt: iso(row.created_at)!,
    sentAt: iso(row.sent_at),
    attachments: outgoingAttachments(row).map(({ content: _content, ...info }) => info),
  };
}

export async function mailsOfConversation(db: Db, conversationId: string): Promise<OutgoingMailView[]> {
  const rows = await db
    .selectFrom('outgoing_mail')
    .selectAll()
    .where('conversation_id', '=', conversationId)
    .orderBy('created_at')
    .limit(200)
    .execute();
  return rows.map(presentOutgoingMail);
}
