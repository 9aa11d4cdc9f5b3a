import { sql } from 'kysely';
import type { Db } from '../db/database-types.js';
import { firstName } from '../shared/names.js';
import type { ConversationRow } from './conversation.table.js';
import { appendMessage } from './message.repository.js';
import { closedNow } from './retention.js';

/*
 * What happens to a conversation after it was opened, whatever its channel: taken from the
 * queue, claimed, transferred, closed, reopened. Each change is one guarded UPDATE (so two
 * nodes or two clicks racing for the same conversation cannot both win) and the event that
 * records it in the stream, in the caller's transaction. Access checks come first, in the
 * feature's service (conversations/access.ts); notifying comes after commit, in the caller.
 */

/** Who takes or is given a conversation. */
export interface Assignee {
  id: string;
  name: string;
  organisation_id: string | null;
}

/**
 * Hands a queued conversation to a staff member (a counsellor accepting a chat, automatic
 * assignment). Returns undefined when it is no longer in the queue: someone else won.
 */
export async function assignFromQueue(
  trx: Db,
  conversationId: string,
  staff: Assignee,
): Promise<ConversationRow | undefined> {
  const row = await trx
    .updateTable('conversations')
    .set({
      status: 'active',
      assigned_staff_id: staff.id,
      organisation_id: staff.organisation_id,
      assigned_at: sql<Date>`now()`,
      queued_at: null,
      queue_organisation_id: null,
      queue_expertise: null,
      updated_at: sql<Date>`now()`,
    })
    .where('id', '=', conversationId)
    .where('status', '=', 'queued')
    .returningAll()
    .executeTakeFirst();
  if (!row) return undefined;
  await appendMessage(trx, {
    conversationId,
    kind: 'event',
    authorType: 'system',
    eventType: 'assigned',
    details: { staffId: staff.id, firstName: firstName(staff.name) },
  });
  return row;
}

/**
 * Takes a conversation for oneself (an email, a call-back, a web form): it must be unassigned
 * or already one's own. The handling provider becomes the claimer's unless it was a
 * provider's already. Returns the event's seq, null when it was one's own already, or
 * undefined when someone else has it (or it was closed) meanwhile.
 */
export async function claimConversation(
  trx: Db,
  conversation: ConversationRow,
  staff: Assignee,
): Promise<number | null | undefined> {
  const updated = await trx
    .updateTable('conversations')
    .set({
      assigned_staff_id: staff.id,
      assigned_at: sql<Date>`coalesce(assigned_at, now())`,
      status: sql`case when status = 'queued' then 'active' else status end`,
      queued_at: null,
      organisation_id: sql`coalesce(organisation_id, ${staff.organisation_id})`,
      updated_at: sql<Date>`now()`,
    })
    .where('id', '=', conversation.id)
    .where((eb) => eb.or([eb('assigned_staff_id', 'is', null), eb('assigned_staff_id', '=', staff.id)]))
    .where('status', '<>', 'closed')
    .returning('id')
    .executeTakeFirst();
  if (!updated) return undefined;
  if (conversation.assigned_staff_id === staff.id) return null;
  const { message } = await appendMessage(trx, {
    conversationId: conversation.id,
    kind: 'event',
    authorType: 'system',
    eventType: 'assigned',
    details: { staffId: staff.id, firstName: firstName(staff.name) },
  });
  return message.seq;
}

export type TransferTarget =
  { staff: Assignee } | { queue: { organisationId: string | null; expertise: string | null }; label: string };

/**
 * Hands an open conversation to a named colleague, or back to a provider's or an expertise
 * queue, with the staff-only note and the `transferred` event. Guarded by the assignee the
 * caller saw: a conversation that changed meanwhile is not moved (returns undefined).
 */
export async function transferConversation(
  trx: Db,
  conversation: ConversationRow,
  by: { staffId: string },
  target: TransferTarget,
  note: string,
): Promise<number[] | undefined> {
  const moved = await trx
    .updateTable('conversations')
    .set(
      'staff' in target
        ? {
            assigned_staff_id: target.staff.id,
            organisation_id: target.staff.organisation_id,
            assigned_at: sql<Date>`now()`,
            status: 'active',
            updated_at: sql<Date>`now()`,
          }
        : {
            assigned_staff_id: null,
            status: 'queued',
            queued_at: sql<Date>`now()`,
            queue_organisation_id: target.queue.organisationId,
            queue_expertise: target.queue.expertise,
            updated_at: sql<Date>`now()`,
          },
    )
    .where('id', '=', conversation.id)
    .where('status', '<>', 'closed')
    .where((eb) =>
      conversation.assigned_staff_id === null
        ? eb('assigned_staff_id', 'is', null)
        : eb('assigned_staff_id', '=', conversation.assigned_staff_id),
    )
    .returning('id')
    .executeTakeFirst();
  if (!moved) return undefined;
  const seqs: number[] = [];
  if (note) {
    const written = await appendMessage(trx, {
      conversationId: conversation.id,
      kind: 'note',
      authorType: 'staff',
      authorStaffId: by.staffId,
      body: note,
      details: { transfer: true },
    });
    seqs.push(written.message.seq);
  }
  const event = await appendMessage(trx, {
    conversationId: conversation.id,
    kind: 'event',
    authorType: 'system',
    eventType: 'transferred',
    details:
      'staff' in target
        ? { toStaffId: target.staff.id, firstName: firstName(target.staff.name), byStaffId: by.staffId }
        : { toQueue: target.queue, label: target.label, byStaffId: by.staffId },
  });
  seqs.push(event.message.seq);
  return seqs;
}

export interface CloseInput {
  outcome: string;
  /** The topic as the counsellor recorded it when closing. */
  topic?: string;
  /** Who handled it, for a conversation closed straight from the queue. */
  handledBy?: string;
  /** The event that records the closing; `closed` by default, none with null. */
  event?: { type: string; details: Record<string, unknown>; authorStaffId?: string } | null;
}

/**
 * Closes an open conversation: closed now, out of the queue, kept for the retention period,
 * and the closing event in the stream. Returns undefined when it was closed already (nothing
 * changes), otherwise the event's seq (null without an event).
 */
export async function closeConversation(
  trx: Db,
  conversationId: string,
  input: CloseInput,
): Promise<number | null | undefined> {
  const updated = await trx
    .updateTable('conversations')
    .set({
      ...closedNow(input.outcome),
      ...(input.topic ? { topic: input.topic } : {}),
      ...(input.handledBy
        ? { assigned_staff_id: sql<string>`coalesce(assigned_staff_id, ${input.handledBy})` }
        : {}),
    })
    .where('id', '=', conversationId)
    .where('status', '<>', 'closed')
    .returning('id')
    .executeTakeFirst();
  if (!updated) return undefined;
  const event = input.event === undefined ? { type: 'closed', details: {} } : input.event;
  if (!event) return null;
  const { message } = await appendMessage(trx, {
    conversationId,
    kind: 'event',
    authorType: 'system',
    authorStaffId: event.authorStaffId ?? null,
    eventType: event.type,
    details: event.details,
  });
  return message.seq;
}

/**
 * Records the topic and outcome of a conversation that closed without them (a chat the
 * visitor left): closed stays closed, and so does its retention date.
 */
export async function recordClosingOutcome(
  trx: Db,
  conversationId: string,
  input: { outcome: string; topic: string },
): Promise<void> {
  await trx
    .updateTable('conversations')
    .set({ ...closedNow(input.outcome), topic: input.topic })
    .where('id', '=', conversationId)
    .execute();
}

/**
 * Opens a closed conversation again (the client wrote back): to its counsellor when it had one,
 * to the queue otherwise, with the `reopened` event.
 */
export async function reopenConversation(
  trx: Db,
  conversation: ConversationRow,
  by: Record<string, unknown>,
): Promise<number> {
  await trx
    .updateTable('conversations')
    .set({
      status: conversation.assigned_staff_id ? 'active' : 'queued',
      queued_at: conversation.assigned_staff_id ? null : sql<Date>`now()`,
      closed_at: null,
      outcome: null,
      retain_until: null,
      updated_at: sql<Date>`now()`,
    })
    .where('id', '=', conversation.id)
    .execute();
  const { message } = await appendMessage(trx, {
    conversationId: conversation.id,
    kind: 'event',
    authorType: 'system',
    eventType: 'reopened',
    details: by,
  });
  return message.seq;
}
