import { sql } from 'kysely';
import type { Db } from '../db/database-types.js';
import { isUniqueViolation } from '../db/database-errors.js';
import { AppError } from '../errors.js';
import type { MessageRow } from './conversation.table.js';

export interface NewMessage {
  conversationId: string;
  kind: MessageRow['kind'];
  authorType: MessageRow['author_type'];
  authorStaffId?: string | null;
  body?: string;
  eventType?: string | null;
  clientMsgId?: string | null;
  details?: Record<string, unknown>;
  /** Refuse (409 conversation.closed) when the conversation has been closed. */
  openOnly?: boolean;
  /** When it was written, for history recorded afterwards (the demo data); now by default. */
  createdAt?: Date;
}

export interface AppendResult {
  message: MessageRow;
  /** True when the client message id was seen before: nothing new was stored. */
  duplicate: boolean;
}

/** The row a message is stored as under its sequence number (also for recorded history). */
export function newMessageValues(input: NewMessage, seq: number) {
  return {
    conversation_id: input.conversationId,
    seq,
    kind: input.kind,
    author_type: input.authorType,
    author_staff_id: input.authorStaffId ?? null,
    body: input.body ?? '',
    event_type: input.eventType ?? null,
    client_msg_id: input.clientMsgId ?? null,
    details: JSON.stringify(input.details ?? {}),
    ...(input.createdAt ? { created_at: input.createdAt } : {}),
  };
}

async function findByClientMsgId(db: Db, conversationId: string, clientMsgId: string) {
  return db
    .selectFrom('messages')
    .selectAll()
    .where('conversation_id', '=', conversationId)
    .where('client_msg_id', '=', clientMsgId)
    .executeTakeFirst();
}

/**
 * Stores one message under the conversation's next sequence number, in one statement: the
 * update that hands out the number locks the conversation row, so numbers are gap-free and
 * ordered, and the insert takes the number in the same statement, so a failure stores neither
 * (one round trip, no transaction — the hot path of every chat message). A client message id
 * seen before returns the stored message instead of a second copy: the update does not happen
 * when the id is already stored, and a copy racing the first one fails on the unique
 * constraint, which aborts the whole statement. Inside a caller's transaction it is part of
 * that transaction; the caller broadcasts after commit.
 */
export async function appendMessage(db: Db, input: NewMessage): Promise<AppendResult> {
  const at = input.createdAt ?? null;
  const isMessage = input.kind === 'message';
  const isStaffReply = input.authorType === 'staff' && isMessage;
  const isClientMessage = input.authorType === 'client' && isMessage;
  const clientMsgId = input.clientMsgId ?? null;
  // The same instant for the conversation's columns and the message: the given time, or the
  // statement's now().
  const when = sql`coalesce(${at}::timestamptz, now())`;
  try {
    const { rows } = await sql<MessageRow>`
      with numbered as (
        update conversations set
          last_seq = last_seq + 1,
          updated_at = now()
          ${isMessage ? sql`, last_message_at = ${when}` : sql``}
          ${isStaffReply ? sql`, first_response_at = coalesce(first_response_at, ${when}), status = case when status = 'active' then 'waiting' else status end` : sql``}
          ${isClientMessage ? sql`, status = case when status = 'waiting' then 'active' else status end` : sql``}
        where id = ${input.conversationId}::uuid
          ${input.openOnly ? sql`and status <> 'closed'` : sql``}
          ${
            clientMsgId === null
              ? sql``
              : sql`and not exists (select 1 from messages m where m.conversation_id = ${input.conversationId}::uuid and m.client_msg_id = ${clientMsgId})`
          }
        returning id, last_seq
      )
      insert into messages
        (conversation_id, seq, kind, author_type, author_staff_id, body, event_type, client_msg_id, details, created_at)
      select id, last_seq, ${input.kind}, ${input.authorType}, ${input.authorStaffId ?? null}::uuid,
        ${input.body ?? ''}, ${input.eventType ?? null}, ${clientMsgId}, ${JSON.stringify(input.details ?? {})}::jsonb,
        ${when}
      from numbered
      returning *`.execute(db);
    const message = rows[0];
    if (message) return { message, duplicate: false };
  } catch (error) {
    // A copy that raced the first one: the statement stored nothing.
    if (!(clientMsgId !== null && !db.isTransaction && isUniqueViolation(error))) throw error;
  }
  // Nothing stored: the client message id was seen before (also a re-send after the
  // conversation closed gets the first message back), or the conversation is closed or gone.
  if (clientMsgId !== null) {
    const existing = await findByClientMsgId(db, input.conversationId, clientMsgId);
    if (existing) return { message: existing, duplicate: true };
  }
  throw new AppError('conversation.closed', 409, 'The conversation has ended');
}

/** Messages after a sequence number, oldest first; staff notes only when asked for. */
export async function messagesAfter(
  db: Db,
  conversationId: string,
  afterSeq: number,
  options: { includeNotes: boolean; limit?: number },
) {
  let query = db
    .selectFrom('messages as m')
    .leftJoin('staff as s', 's.id', 'm.author_staff_id')
    .select([
      'm.seq',
      'm.kind',
      'm.author_type',
      'm.author_staff_id',
      's.name as author_name',
      'm.body',
      'm.event_type',
      'm.client_msg_id',
      'm.details',
      'm.created_at',
    ])
    .where('m.conversation_id', '=', conversationId)
    .where('m.seq', '>', afterSeq)
    .orderBy('m.seq')
    .limit(options.limit ?? 1000);
  if (!options.includeNotes) query = query.where('m.kind', '<>', 'note');
  return query.execute();
}
export type MessageWithAuthor = Awaited<ReturnType<typeof messagesAfter>>[number];
