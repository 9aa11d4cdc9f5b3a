/* SQL of the mail channel: addresses, threading, received message ids, attachments and the outgoing mail log. */
import { sql } from 'kysely';
import type { Db } from '../../db/database-types.js';
import type { ConversationRow } from '../../conversations/conversation.table.js';
import type { KeptAttachment } from './inbound-attachments.js';

/** The id of the provider whose slug is this address's local part, if any. */
export function selectOrganisationIdBySlug(db: Db, slug: string) {
  return db.selectFrom('organisations').select('id').where('slug', '=', slug).executeTakeFirst();
}

/** Still open, or closed less than `days` days ago. */
const closedWithin = (days: number) =>
  sql<boolean>`(c.closed_at is null or c.closed_at > now() - make_interval(days => ${days}))`;

/** A conversation holding one of these reply tokens, open or closed less than `days` days ago. */
export function selectThreadByReplyToken(
  db: Db,
  tokens: readonly string[],
  days: number,
): Promise<ConversationRow | undefined> {
  return db
    .selectFrom('conversations as c')
    .selectAll('c')
    .where('c.reply_token', 'in', [...tokens])
    .where(closedWithin(days))
    .executeTakeFirst();
}

/**
 * The conversation of the latest of these message ids (sent or received), open or closed less
 * than `days` days ago.
 */
export function selectThreadByMessageIds(
  db: Db,
  messageIds: readonly string[],
  days: number,
): Promise<ConversationRow | undefined> {
  return db
    .selectFrom('mail_message_ids as m')
    .innerJoin('conversations as c', 'c.id', 'm.conversation_id')
    .selectAll('c')
    .where('m.message_id', 'in', [...messageIds])
    .where(closedWithin(days))
    .orderBy('m.created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** Whether a mail with this Message-ID has been taken in or sent already. */
export async function hasMailMessageId(db: Db, messageId: string): Promise<boolean> {
  const row = await db
    .selectFrom('mail_message_ids')
    .select('message_id')
    .where('message_id', '=', messageId)
    .executeTakeFirst();
  return !!row;
}

export async function insertMailMessageId(db: Db, messageId: string, conversationId: string): Promise<void> {
  await db
    .insertInto('mail_message_ids')
    .values({ message_id: messageId, conversation_id: conversationId })
    .execute();
}

/** Stores an attachment of the message `messageSeq` of a conversation. */
export async function insertAttachment(
  db: Db,
  conversationId: string,
  messageSeq: number,
  attachment: KeptAttachment,
): Promise<void> {
  await db
    .insertInto('attachments')
    .values({
      id: attachment.id,
      conversation_id: conversationId,
      message_seq: messageSeq,
      filename: attachment.filename,
      content_type: attachment.contentType,
      size_bytes: attachment.size,
      content: attachment.content,
    })
    .execute();
}

export function selectAttachment(db: Db, id: string) {
  return db
    .selectFrom('attachments')
    .select(['id', 'filename', 'content', 'conversation_id'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** An outgoing mail's conversation, status and stored calendar (what its attachment is made of). */
export function selectOutgoingMailState(db: Db, id: string) {
  return db
    .selectFrom('outgoing_mail')
    .select(['id', 'conversation_id', 'status', 'calendar'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Puts a mail back in the queue to be sent at once, with its attempts counted afresh. */
export async function requeueOutgoingMail(db: Db, id: string): Promise<void> {
  await db
    .updateTable('outgoing_mail')
    .set({ status: 'queued', attempts: 0, next_attempt_at: sql<Date>`now()` })
    .where('id', '=', id)
    .execute();
}

/** The newest outgoing mails, newest first. */
export function selectOutgoingMailLog(db: Db, limit: number) {
  return db
    .selectFrom('outgoing_mail')
    .selectAll()
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(limit)
    .execute();
}
