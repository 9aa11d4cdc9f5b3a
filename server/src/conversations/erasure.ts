import { sql } from 'kysely';
import type { Db } from '../db/database-types.js';
import { closedNow } from './retention.js';

/** What an erasure removed: counts only, for the answer and the audit log. */
export interface ErasureCounts {
  conversations: number;
  /** Of them, still open until now (the queue changed). */
  closed: number;
  messages: number;
  clients: number;
  mails: number;
  attachments: number;
  /** Registrations for group sessions whose address went (the anonymous row stays, for the figures). */
  registrations: number;
}

/**
 * Erases conversations down to what the statistics count. Pass a transaction: the caller checks
 * legal holds first, and a failure anywhere erases nothing.
 *
 * Kept: the conversation row with its channel, provider, topic, language, outcome, times and the
 * anonymous client group, the message rows with their authors and times, cards sent (the guide
 * and programme figures count them), feedback scores and bookings' times — so reports and the
 * funder figures of the period do not change. Removed: the client (name, email, phone, the
 * browser key's hash), subjects, the conversation's details (a call-back's number, a form's
 * fields), message bodies and their mail headers, attachments, feedback comments, the mail log's
 * rows and the tokens that could find the conversation again.
 */
export async function eraseConversations(
  trx: Db,
  conversationIds: readonly string[],
  /**
   * The person's addresses (the mail log to them goes too, also mail tied to no conversation)
   * and clients found without a conversation of theirs.
   */
  extra: { emails?: readonly string[]; clientIds?: readonly string[] } = {},
): Promise<ErasureCounts> {
  const ids = [...new Set(conversationIds)];
  const counts: ErasureCounts = {
    conversations: 0,
    closed: 0,
    messages: 0,
    clients: 0,
    mails: 0,
    attachments: 0,
    registrations: 0,
  };
  const clientIds = new Set(extra.clientIds ?? []);
  const emails = new Set((extra.emails ?? []).map((e) => e.toLowerCase()));

  if (ids.length > 0) {
    // Their clients, before the link is cut: each goes once it has no conversation left.
    const owners = await trx
      .selectFrom('conversations')
      .select('client_id')
      .where('id', 'in', ids)
      .where('client_id', 'is not', null)
      .execute();
    for (const owner of owners) clientIds.add(owner.client_id!);

    // An open one is closed: nobody can answer a person the service no longer knows.
    const closed = await trx
      .updateTable('conversations')
      .set({ ...closedNow('client_left'), outcome: sql<string>`coalesce(outcome, 'client_left')` })
      .where('id', 'in', ids)
      .where('status', '!=', 'closed')
      .returning('id')
      .execute();
    counts.closed = closed.length;

    const erased = await trx
      .updateTable('conversations')
      .set({
        client_id: null,
        subject: null,
        source_page: null,
        details: '{}',
        reply_token: null,
        access_hash: null,
        feedback_token_hash: null,
        erased_at: sql<Date>`coalesce(erased_at, now())`,
        updated_at: sql<Date>`now()`,
      })
      .where('id', 'in', ids)
      .returning('id')
      .execute();
    counts.conversations = erased.length;

    const messages = await trx
      .updateTable('messages')
      .set({
        body: '',
        details: sql<string>`case when details ? 'card' then jsonb_build_object('card', details -> 'card') else '{}'::jsonb end`,
      })
      .where('conversation_id', 'in', ids)
      .returning('id')
      .execute();
    counts.messages = messages.length;

    const attachments = await trx
      .deleteFrom('attachments')
      .where('conversation_id', 'in', ids)
      .returning('id')
      .execute();
    counts.attachments = attachments.length;

    // A colleague in training who followed the chat: the following and their notes go.
    await trx.deleteFrom('shadow_sessions').where('conversation_id', 'in', ids).execute();
    await trx
      .updateTable('conversation_feedback')
      .set({ comment: '' })
      .where('conversation_id', 'in', ids)
      .execute();
    await trx.deleteFrom('mail_message_ids').where('conversation_id', 'in', ids).execute();
    const mails = await trx
      .deleteFrom('outgoing_mail')
      .where('conversation_id', 'in', ids)
      .returning('id')
      .execute();
    counts.mails += mails.length;
    // A notice to the counsellor is sent outside the conversation's mail thread (no reply
    // address), yet names the client; it links to the conversation, which is how it is found.
    const notices = await trx
      .deleteFrom('outgoing_mail')
      .where('kind', '=', 'counsellor_notice')
      .where('conversation_id', 'is', null)
      .where(sql<string>`substring(text_body from '/console/inbox/([0-9a-f-]{36})')`, 'in', ids)
      .returning('id')
      .execute();
    counts.mails += notices.length;
  }

  if (emails.size > 0) {
    const mails = await trx
      .deleteFrom('outgoing_mail')
      .where(sql<string>`lower(to_address)`, 'in', [...emails])
      .returning('id')
      .execute();
    counts.mails += mails.length;
    await trx
      .deleteFrom('mail_send_counters')
      .where('address', 'in', [...emails])
      .execute();
    const registrations = await trx
      .updateTable('event_registrations')
      .set({ email: null, token_hash: null, erased_at: sql<Date>`now()` })
      .where(sql<string>`lower(email)`, 'in', [...emails])
      .returning('id')
      .execute();
    counts.registrations = registrations.length;
  }

  // The clients go once none of their conversations is left to them (held ones keep theirs).
  if (clientIds.size > 0) {
    const clients = await trx
      .deleteFrom('clients')
      .where('id', 'in', [...clientIds])
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('conversations').select('id').whereRef('conversations.client_id', '=', 'clients.id'),
          ),
        ),
      )
      .returning('id')
      .execute();
    counts.clients = clients.length;
  }
  return counts;
}
