import { randomUUID } from 'node:crypto';
import type { Db } from '../db/database-types.js';
import type { ConversationStatus } from './conversation.table.js';
import { newMessageValues, type NewMessage } from './message.repository.js';
import { newClientValues, newConversationValues, type OpenConversationInput } from './open-conversation.js';
import { closedAt } from './retention.js';

/** One entry of a recorded contact's stream, at the time it was written. */
export type RecordedMessage = Omit<NewMessage, 'conversationId' | 'openOnly'> & {
  createdAt: Date;
};

/**
 * A contact that happened before it is stored (the demo year): opened, answered and perhaps
 * closed at the times given, with its whole stream and the client's rating.
 */
export interface RecordedConversation extends Omit<
  OpenConversationInput,
  'status' | 'requestKey' | 'accessHash' | 'first' | 'times'
> {
  id: string;
  status: ConversationStatus;
  times: { createdAt: Date; assignedAt?: Date; firstResponseAt?: Date; closedAt?: Date };
  messages: RecordedMessage[];
  feedback?: { score: number; comment: string; createdAt: Date };
}

/** Rows per INSERT: well below PostgreSQL's 65,535 parameters for the widest table. */
const BATCH = 500;

function chunks<T>(list: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/**
 * The conversation row as opening, the messages and closing would have left it: the sequence
 * counter, the last message, the first staff reply, the closing columns (retention counted from
 * the closing time, as closing then would have set it).
 */
function conversationRow(c: RecordedConversation, clientId: string | null) {
  const messages = c.messages.filter((m) => m.kind === 'message');
  const firstReply = messages.find((m) => m.authorType === 'staff')?.createdAt;
  const lastMessageAt = messages.at(-1)?.createdAt;
  const closing = c.status === 'closed' && c.times.closedAt;
  const base = newConversationValues(
    {
      ...c,
      status: c.status,
      times: {
        createdAt: c.times.createdAt,
        ...(c.times.assignedAt ? { assignedAt: c.times.assignedAt } : {}),
        ...((c.times.firstResponseAt ?? firstReply)
          ? { firstResponseAt: (c.times.firstResponseAt ?? firstReply)! }
          : {}),
        ...(lastMessageAt ? { lastMessageAt } : {}),
      },
    },
    clientId,
  );
  const lastActivity = c.messages.at(-1)?.createdAt ?? c.times.createdAt;
  return {
    ...base,
    id: c.id,
    last_seq: c.messages.length,
    updated_at: lastActivity,
    ...(closing ? closedAt(c.outcome ?? 'other', closing, c.retainUntil) : {}),
  };
}

/**
 * Stores contacts that happened before, in batches (a year of them in a few statements): the
 * rows that `openConversation`, `appendMessage`, closing and a rating would have written one by
 * one. Only for history recorded at once, such as the demo year; live contacts are opened
 * with `openConversation`. Runs in the caller's transaction.
 */
export async function recordConversations(trx: Db, contacts: RecordedConversation[]): Promise<void> {
  for (const batch of chunks(contacts, BATCH)) {
    const clientIds = new Map<string, string>();
    const clients = batch.flatMap((c) => {
      if (!c.client) return [];
      const id = randomUUID();
      clientIds.set(c.id, id);
      const at = c.times.createdAt;
      return [{ id, ...newClientValues(c.client, at), created_at: at, last_seen_at: at }];
    });
    if (clients.length > 0) await trx.insertInto('clients').values(clients).execute();
    await trx
      .insertInto('conversations')
      .values(batch.map((c) => conversationRow(c, clientIds.get(c.id) ?? null)))
      .execute();
    const messages = batch.flatMap((c) =>
      c.messages.map((m, i) => newMessageValues({ ...m, conversationId: c.id }, i + 1)),
    );
    for (const part of chunks(messages, BATCH * 2)) await trx.insertInto('messages').values(part).execute();
    const ratings = batch.flatMap((c) =>
      c.feedback
        ? [
            {
              conversation_id: c.id,
              score: c.feedback.score,
              comment: c.feedback.comment,
              created_at: c.feedback.createdAt,
            },
          ]
        : [],
    );
    if (ratings.length > 0) await trx.insertInto('conversation_feedback').values(ratings).execute();
  }
}
