import { authorize } from '../../access/policy.js';
import type { RequestContext } from '../../access/request-context.js';
import { recordAudit } from '../../access/audit.js';
import { appendMessage, messagesAfter } from '../../conversations/message.repository.js';
import type { ChatNotifier } from '../../conversations/notifier.js';
import { presentStaffMessage } from '../../conversations/staff-view.js';
import type { StaffMessage } from '../../conversations/staff-view.js';
import type { Db } from '../../db/database-types.js';
import { AppError } from '../../errors.js';
import type { ShadowStatus } from './training.table.js';

/*
 * Shadowing: a counsellor in training follows a colleague's live chat, read-only, once the
 * colleague accepts. The visitor is told in the chat (an `observer_joined` event, shown in their
 * language) and again when the following ends. The observer writes private notes for a later talk.
 * Only chats of the observer's own provider (admins: any), and never without the acceptance.
 */

export interface ShadowableChat {
  conversationId: string;
  counsellorId: string;
  counsellorName: string;
  topic: string | null;
  language: string | null;
  startedAt: string;
  /** This observer's request on it, if any. */
  request: { id: string; status: ShadowStatus } | null;
}

export interface ShadowRequest {
  id: string;
  conversationId: string;
  observerName: string;
  createdAt: string;
}

export interface ShadowView {
  id: string;
  status: ShadowStatus;
  conversationId: string;
  counsellorName: string;
  topic: string | null;
  language: string | null;
  /** Open while the following lasts; nothing of the chat once it ended. */
  messages: StaffMessage[];
  notes: { id: string; body: string; createdAt: string }[];
  chatOpen: boolean;
}

const live = ['active', 'waiting'] as const;

/** The colleagues' live chats the person signed in may ask to follow. */
export async function listShadowable(db: Db, ctx: RequestContext): Promise<{ items: ShadowableChat[] }> {
  const actor = authorize(ctx.actor, 'training.practise');
  let query = db
    .selectFrom('conversations as c')
    .innerJoin('staff as s', 's.id', 'c.assigned_staff_id')
    .leftJoin('shadow_sessions as sh', (join) =>
      join
        .onRef('sh.conversation_id', '=', 'c.id')
        .on('sh.observer_id', '=', actor.staffId)
        .on('sh.status', 'in', ['pending', 'accepted']),
    )
    .select([
      'c.id',
      'c.assigned_staff_id',
      's.name',
      'c.topic',
      'c.language',
      'c.assigned_at',
      'c.created_at',
      'sh.id as request_id',
      'sh.status as request_status',
    ])
    .where('c.channel', '=', 'chat')
    .where('c.status', 'in', [...live])
    .where('c.assigned_staff_id', '!=', actor.staffId)
    .where('c.erased_at', 'is', null)
    .orderBy('c.assigned_at')
    .limit(100);
  // Colleagues are the counsellors of one's own provider, whichever queue the chat came from.
  if (actor.role !== 'admin') query = query.where('s.organisation_id', '=', actor.organisationId);
  const rows = await query.execute();
  return {
    items: rows.map((row) => ({
      conversationId: row.id,
      counsellorId: row.assigned_staff_id!,
      counsellorName: row.name,
      topic: row.topic,
      language: row.language,
      startedAt: new Date(row.assigned_at ?? row.created_at).toISOString(),
      request: row.request_id ? { id: row.request_id, status: row.request_status! } : null,
    })),
  };
}

/** Asks the colleague handling a live chat to let the person signed in follow it. */
export async function requestShadowing(
  db: Db,
  ctx: RequestContext,
  conversationId: string,
): Promise<{ id: string; status: ShadowStatus }> {
  const actor = authorize(ctx.actor, 'training.practise');
  const chat = await db
    .selectFrom('conversations as c')
    .leftJoin('staff as s', 's.id', 'c.assigned_staff_id')
    .select([
      'c.id',
      'c.assigned_staff_id',
      'c.status',
      'c.channel',
      's.organisation_id as counsellor_organisation_id',
    ])
    .where('c.id', '=', conversationId)
    .executeTakeFirst();
  if (
    !chat ||
    chat.channel !== 'chat' ||
    (actor.role !== 'admin' && chat.counsellor_organisation_id !== actor.organisationId)
  ) {
    throw new AppError('conversation.not_found', 404, 'No such conversation');
  }
  if (!chat.assigned_staff_id || !(live as readonly string[]).includes(chat.status)) {
    throw new AppError('shadow.not_live', 409, 'Only a live chat with a counsellor can be followed');
  }
  if (chat.assigned_staff_id === actor.staffId) {
    throw new AppError('shadow.own_chat', 400, 'That chat is your own');
  }
  const existing = await db
    .selectFrom('shadow_sessions')
    .select(['id', 'status'])
    .where('conversation_id', '=', conversationId)
    .where('observer_id', '=', actor.staffId)
    .where('status', 'in', ['pending', 'accepted'])
    .executeTakeFirst();
  if (existing) return existing;
  const created = await db
    .insertInto('shadow_sessions')
    .values({
      conversation_id: conversationId,
      observer_id: actor.staffId,
      counsellor_id: chat.assigned_staff_id,
    })
    .onConflict((oc) =>
      oc
        .columns(['conversation_id', 'observer_id'])
        .where('status', 'in', ['pending', 'accepted'])
        .doNothing(),
    )
    .returning(['id', 'status'])
    .executeTakeFirst();
  if (created) return created;
  return await db
    .selectFrom('shadow_sessions')
    .select(['id', 'status'])
    .where('conversation_id', '=', conversationId)
    .where('observer_id', '=', actor.staffId)
    .where('status', 'in', ['pending', 'accepted'])
    .executeTakeFirstOrThrow();
}

/** Requests to follow the live chats of the person signed in, waiting for their answer. */
export async function listShadowRequests(db: Db, ctx: RequestContext): Promise<{ items: ShadowRequest[] }> {
  const actor = authorize(ctx.actor, 'console.use');
  const rows = await db
    .selectFrom('shadow_sessions as sh')
    .innerJoin('staff as o', 'o.id', 'sh.observer_id')
    .innerJoin('conversations as c', 'c.id', 'sh.conversation_id')
    .select(['sh.id', 'sh.conversation_id', 'o.name', 'sh.created_at'])
    .where('sh.counsellor_id', '=', actor.staffId)
    .where('sh.status', '=', 'pending')
    .where('c.assigned_staff_id', '=', actor.staffId)
    .where('c.status', 'in', [...live])
    .orderBy('sh.created_at')
    .execute();
  return {
    items: rows.map((row) => ({
      id: row.id,
      conversationId: row.conversation_id,
      observerName: row.name,
      createdAt: new Date(row.created_at).toISOString(),
    })),
  };
}

async function shadowRow(db: Db, id: string) {
  const row = await db
    .selectFrom('shadow_sessions as sh')
    .innerJoin('conversations as c', 'c.id', 'sh.conversation_id')
    .innerJoin('staff as s', 's.id', 'sh.counsellor_id')
    .select([
      'sh.id',
      'sh.status',
      'sh.observer_id',
      'sh.counsellor_id',
      'sh.conversation_id',
      'c.status as chat_status',
      'c.assigned_staff_id',
      'c.organisation_id',
      'c.topic',
      'c.language',
      's.name as counsellor_name',
    ])
    .where('sh.id', '=', id)
    .executeTakeFirst();
  if (!row) throw new AppError('shadow.not_found', 404, 'No such request to follow a chat');
  return row;
}

/**
 * The colleague's answer. Accepting tells the visitor in the chat that a counsellor in training
 * follows it; only the counsellor handling the chat answers, while it is live.
 */
export async function answerShadowRequest(
  db: Db,
  ctx: RequestContext,
  notifier: ChatNotifier,
  id: string,
  accept: boolean,
): Promise<{ id: string; status: ShadowStatus }> {
  const actor = authorize(ctx.actor, 'chat.handle');
  const row = await shadowRow(db, id);
  if (row.counsellor_id !== actor.staffId || row.assigned_staff_id !== actor.staffId) {
    throw new AppError('shadow.not_yours', 403, 'Only the counsellor of the chat answers');
  }
  if (row.status !== 'pending') {
    throw new AppError('shadow.answered', 409, 'The request has been answered already', {
      status: row.status,
    });
  }
  if (!accept) {
    await db
      .updateTable('shadow_sessions')
      .set({ status: 'declined', decided_at: new Date() })
      .where('id', '=', id)
      .execute();
    return { id, status: 'declined' };
  }
  const seq = await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('shadow_sessions')
      .set({ status: 'accepted', decided_at: new Date() })
      .where('id', '=', id)
      .execute();
    const { message } = await appendMessage(trx, {
      conversationId: row.conversation_id,
      kind: 'event',
      authorType: 'system',
      eventType: 'observer_joined',
      details: { shadowId: id },
      openOnly: true,
    });
    return message.seq;
  });
  await recordAudit(db, ctx, {
    action: 'conversation.shadow_accepted',
    targetType: 'conversation',
    targetId: row.conversation_id,
    organisationId: row.organisation_id,
    details: { shadowId: id, observerStaffId: row.observer_id },
  });
  notifier.message(row.conversation_id, seq);
  return { id, status: 'accepted' };
}

/** Ends the following (the observer, or the colleague); the visitor is told. */
export async function endShadowing(
  db: Db,
  ctx: RequestContext,
  notifier: ChatNotifier,
  id: string,
): Promise<{ id: string; status: ShadowStatus }> {
  const actor = authorize(ctx.actor, 'console.use');
  const row = await shadowRow(db, id);
  if (row.observer_id !== actor.staffId && row.counsellor_id !== actor.staffId) {
    throw new AppError('shadow.not_found', 404, 'No such request to follow a chat');
  }
  if (row.status === 'ended' || row.status === 'declined') return { id, status: row.status };
  const wasAccepted = row.status === 'accepted';
  await db
    .updateTable('shadow_sessions')
    .set({ status: 'ended', ended_at: new Date() })
    .where('id', '=', id)
    .execute();
  if (wasAccepted && (live as readonly string[]).includes(row.chat_status)) {
    const { message } = await appendMessage(db, {
      conversationId: row.conversation_id,
      kind: 'event',
      authorType: 'system',
      eventType: 'observer_left',
      details: { shadowId: id },
      openOnly: true,
    }).catch(() => ({ message: null }));
    if (message) notifier.message(row.conversation_id, message.seq);
  }
  return { id, status: 'ended' };
}

/**
 * What the observer sees: while accepted and the chat is open, its messages and events (no staff
 * notes), after `after`; their own notes always. Each reading is in the access log once per
 * following (on acceptance).
 */
export async function readShadow(
  db: Db,
  ctx: RequestContext,
  id: string,
  after: number,
): Promise<ShadowView> {
  const actor = authorize(ctx.actor, 'console.use');
  const row = await shadowRow(db, id);
  if (row.observer_id !== actor.staffId)
    throw new AppError('shadow.not_found', 404, 'No such request to follow a chat');
  const chatOpen =
    (live as readonly string[]).includes(row.chat_status) && row.assigned_staff_id === row.counsellor_id;
  // A chat that closed or moved to another counsellor ends the following.
  if (row.status === 'accepted' && !chatOpen) {
    await db
      .updateTable('shadow_sessions')
      .set({ status: 'ended', ended_at: new Date() })
      .where('id', '=', id)
      .execute();
    row.status = 'ended';
  }
  const [messages, notes] = await Promise.all([
    row.status === 'accepted'
      ? messagesAfter(db, row.conversation_id, after, { includeNotes: false })
      : Promise.resolve([]),
    db
      .selectFrom('shadow_notes')
      .select(['id', 'body', 'created_at'])
      .where('shadow_id', '=', id)
      .orderBy('id')
      .execute(),
  ]);
  return {
    id,
    status: row.status,
    conversationId: row.conversation_id,
    counsellorName: row.counsellor_name,
    topic: row.topic,
    language: row.language,
    messages: messages.map(presentStaffMessage),
    notes: notes.map((n) => ({
      id: String(n.id),
      body: n.body,
      createdAt: new Date(n.created_at).toISOString(),
    })),
    chatOpen,
  };
}

/** A private note of the observer's, for a later talk with the colleague. */
export async function addShadowNote(
  db: Db,
  ctx: RequestContext,
  id: string,
  body: string,
): Promise<ShadowView> {
  const actor = authorize(ctx.actor, 'console.use');
  const row = await shadowRow(db, id);
  if (row.observer_id !== actor.staffId)
    throw new AppError('shadow.not_found', 404, 'No such request to follow a chat');
  if (row.status === 'pending' || row.status === 'declined') {
    throw new AppError('shadow.not_following', 409, 'Notes are written while following or after');
  }
  await db.insertInto('shadow_notes').values({ shadow_id: id, body }).execute();
  // The notes only: the chat itself the page follows on its own.
  return readShadow(db, ctx, id, 2_000_000_000);
}
