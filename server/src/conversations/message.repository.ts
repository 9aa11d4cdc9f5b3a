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
 * Stores one message under the conversation's next sequence number. The conversation row is
 * locked by the update that hands out the number, so numbers are gap-free and ordered; a
 * client message id seen before returns the stored message instead of a second copy.
 * Pass a transaction to combine it with other changes; the caller broadcasts after commit.
 */
export async function appendMessage(db: Db, input: NewMessage): Promise<AppendResult> {
  const write = async (trx: Db): Promise<MessageRow> => {
    const at = input.createdAt ?? sql<Date>`now()`;
    const isStaffReply = input.authorType === 'staff' && input.kind === 'message';
    const isClientMessage = input.authorType === 'client' && input.kind === 'message';
    let update = trx
      .updateTable('conversations')
      .set((eb) => ({
        last_seq: eb('last_seq', '+', 1),
        updated_at: sql<Date>`now()`,
        ...(input.kind === 'message' ? { last_message_at: at } : {}),
        ...(isStaffReply
          ? {
              first_response_at: sql<Date>`coalesce(first_response_at, ${at})`,
              status: sql`case when status = 'active' then 'waiting' else status end`,
            }
          : {}),
        ...(isClientMessage
          ? { status: sql`case when status = 'waiting' then 'active' else status end` }
          : {}),
      }))
      .where('id', '=', input.conversationId);
    if (input.openOnly) update = update.where('status', '<>', 'closed');
    const conversation = await update.returning('last_seq').executeTakeFirst();
    if (!conversation) throw new NotWritten('closed');
    const inserted = await trx
      .insertInto('messages')
      .values(newMessageValues(input, conversation.last_seq))
      // A client message id seen before: nothing is written and the seq handed out above is
      // rolled back with the transaction.
      .onConflict((oc) => oc.columns(['conversation_id', 'client_msg_id']).doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!inserted) throw new NotWritten('duplicate');
    return inserted;
  };
  try {
    const message = db.isTransaction ? await write(db) : await db.transaction().execute(write);
    return { message, duplicate: false };
  } catch (error) {
    // A re-send (also after the conversation closed) gets the first message back.
    const retry = error instanceof NotWritten || isUniqueViolation(error);
    if (input.clientMsgId && !db.isTransaction && retry) {
      const existing = await findByClientMsgId(db, input.conversationId, input.clientMsgId);
      if (existing) return { message: existing, duplicate: true };
    }
    if (error instanceof NotWritten && error.reason === 'closed') {
      throw new AppError('conversation.closed', 409, 'The conversation has ended');
    }
    throw error;
  }
}

/** Rolls back a message that must not be stored: a duplicate, or one for a closed conversation. */
class NotWritten extends Error {
  constructor(readonly reason: 'closed' | 'duplicate') {
    super(reason);
  }
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
