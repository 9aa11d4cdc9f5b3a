import {
  claimConversation as claimConversationFor,
  closeConversation,
} from '../../conversations/lifecycle.js';
import { sql, type Expression, type SqlBool } from 'kysely';
import { z } from 'zod';
import type { Db } from '../../db/database-types.js';
import { AppError } from '../../errors.js';
import { recordAudit } from '../../access/audit.js';
import { authorize } from '../../access/policy.js';
import type { RequestContext } from '../../access/request-context.js';
import type { ChatNotifier } from '../../conversations/notifier.js';
import { chatLanguages, closeTopics, outcomes } from '../../conversations/vocabulary.js';
import { channels } from '../../conversations/conversation.table.js';
import {
  conversationForStaff,
  mayHandle,
  maySee,
  staffProfile,
  type StaffProfile,
} from '../../conversations/access.js';
import { appendMessage } from '../../conversations/message.repository.js';
import { autoAssign } from '../chat/routing.js';
import {
  callOutcomes,
  inboxSorts,
  inboxStatusFilters,
  type CallbackDetails,
  type InboxListItem,
} from './inbox.types.js';

export const inboxListSchema = z.object({
  channel: z.enum(channels).optional().catch(undefined),
  status: z.enum(inboxStatusFilters).default('open').catch('open'),
  topic: z.enum(closeTopics).optional().catch(undefined),
  language: z.enum(chatLanguages).optional().catch(undefined),
  provider: z.uuid().optional().catch(undefined),
  assigned: z.enum(['me', 'unassigned']).optional().catch(undefined),
  q: z.string().trim().max(200).optional().catch(undefined),
  sort: z.enum(inboxSorts).default('recent').catch('recent'),
  limit: z.coerce.number().int().min(1).max(100).default(50).catch(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0).catch(0),
});
export type InboxListFilter = z.infer<typeof inboxListSchema>;

/**
 * The conversations a staff member may see, as SQL (the same rule as maySee): admins all;
 * otherwise their own, their provider's, queued chats they may take, and queued contacts of
 * the shared queue.
 */
function visibleTo(staff: StaffProfile): Expression<SqlBool> | undefined {
  if (staff.role === 'admin') return undefined;
  const org = staff.organisation_id;
  const expertise = staff.expertise;
  return sql<SqlBool>`(
    c.assigned_staff_id = ${staff.id}
    ${org ? sql`or c.organisation_id = ${org}` : sql``}
    or (c.status = 'queued' and c.channel = 'chat'
        and (c.queue_organisation_id is null ${org ? sql`or c.queue_organisation_id = ${org}` : sql``})
        and (c.queue_expertise is null ${
          expertise.length
            ? sql`or c.queue_expertise in (${sql.join(expertise.map((e) => sql`${e}`))})`
            : sql``
        }))
    or (c.status = 'queued' and c.channel <> 'chat' and c.organisation_id is null)
  )`;
}

/**
 * Words of a search as a prefix tsquery; only letters and digits pass. Longer words lose their
 * last two letters first, so that Finnish inflection still matches: `oppisopimus` finds
 * "oppisopimuksesta", `opintotuki` finds "opintotuen".
 */
export function prefixQuery(q: string): string | null {
  const words = q
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0)
    .slice(0, 8);
  const stem = (w: string) =>
    [...w].length <= 5 ? w : [...w].slice(0, Math.max(5, [...w].length - 2)).join('');
  return words.length ? words.map((w) => `${stem(w)}:*`).join(' & ') : null;
}

const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * The unified inbox: every channel the staff member may see, filtered, searched and sorted,
 * with first-response and waiting indicators. Search covers subjects, the client's name,
 * address and number, and every message and note (full text, word prefixes).
 */
export async function listInbox(
  db: Db,
  ctx: RequestContext,
  filter: InboxListFilter,
): Promise<{ items: InboxListItem[]; total: number }> {
  const actor = authorize(ctx.actor, 'chat.handle');
  const staff = await staffProfile(db, actor);
  let base = db
    .selectFrom('conversations as c')
    .leftJoin('clients as cl', 'cl.id', 'c.client_id')
    .leftJoin('staff as s', 's.id', 'c.assigned_staff_id')
    .leftJoin('organisations as o', 'o.id', 'c.organisation_id');
  const visible = visibleTo(staff);
  if (visible) base = base.where(visible);
  if (filter.channel) base = base.where('c.channel', '=', filter.channel);
  if (filter.status === 'open') base = base.where('c.status', '<>', 'closed');
  else base = base.where('c.status', '=', filter.status);
  if (filter.topic) base = base.where('c.topic', '=', filter.topic);
  if (filter.language) base = base.where('c.language', '=', filter.language);
  if (filter.provider) base = base.where('c.organisation_id', '=', filter.provider);
  if (filter.assigned === 'me') base = base.where('c.assigned_staff_id', '=', staff.id);
  if (filter.assigned === 'unassigned') base = base.where('c.assigned_staff_id', 'is', null);
  if (filter.q) {
    const pattern = likePattern(filter.q);
    const tsquery = prefixQuery(filter.q);
    // Numbers are stored as E.164: "040 123 4567" is looked for as "401234567".
    const digits = filter.q.replace(/[^\d]/g, '').replace(/^0+/, '');
    base = base.where((eb) =>
      eb.or([
        eb('c.subject', 'ilike', pattern),
        eb('cl.first_name', 'ilike', pattern),
        eb('cl.email', 'ilike', pattern),
        ...(digits.length >= 4 ? [eb('cl.phone', 'like', `%${digits}%`)] : []),
        ...(tsquery
          ? [
              eb.exists(
                eb
                  .selectFrom('messages as m')
                  .select('m.id')
                  .whereRef('m.conversation_id', '=', 'c.id')
                  .where(sql<SqlBool>`to_tsvector('simple', m.body) @@ to_tsquery('simple', ${tsquery})`),
              ),
            ]
          : []),
      ]),
    );
  }

  const lastStaffSeq = sql`coalesce((select max(ms.seq) from messages ms where ms.conversation_id = c.id and ms.kind = 'message' and ms.author_type = 'staff'), 0)`;
  let query = base
    .selectAll('c')
    .select([
      'cl.first_name as client_first_name',
      'cl.email as client_email',
      'cl.phone as client_phone',
      's.name as assigned_name',
      'o.name_fi as organisation_name',
      sql<
        string | null
      >`(select mp.body from messages mp where mp.conversation_id = c.id and mp.kind = 'message' order by mp.seq desc limit 1)`.as(
        'preview',
      ),
      sql<Date | null>`case when c.status <> 'closed' then (select min(mw.created_at) from messages mw where mw.conversation_id = c.id and mw.kind = 'message' and mw.author_type = 'client' and mw.seq > ${lastStaffSeq}) end`.as(
        'waiting_since',
      ),
      sql<boolean>`exists (select 1 from outgoing_mail om where om.conversation_id = c.id and om.status = 'failed')`.as(
        'mail_failed',
      ),
    ]);
  if (filter.sort === 'due') {
    query = query.orderBy(sql`c.due_at asc nulls last`).orderBy('c.created_at', 'asc');
  } else {
    const at = sql`coalesce(c.last_message_at, c.created_at)`;
    query = query.orderBy(filter.sort === 'oldest' ? sql`${at} asc` : sql`${at} desc`).orderBy('c.id');
  }
  const [rows, count] = await Promise.all([
    query.limit(filter.limit).offset(filter.offset).execute(),
    base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  if (filter.q) {
    await recordAudit(db, ctx, { action: 'inbox.search', details: { results: Number(count.n) } });
  }
  return {
    total: Number(count.n),
    items: rows.map((row) => {
      const details = row.details as {
        firstName?: string | null;
        origin?: string;
        callback?: Omit<CallbackDetails, 'attempts'> & { attempts?: CallbackDetails['attempts'] };
      };
      const iso = (d: Date | null | undefined) => (d ? new Date(d).toISOString() : null);
      return {
        id: row.id,
        channel: row.channel,
        status: row.status,
        topic: row.topic,
        language: row.language,
        subject: row.subject,
        organisationId: row.organisation_id,
        organisationName: row.organisation_name ?? null,
        assignedStaffId: row.assigned_staff_id,
        assignedName: row.assigned_name ?? null,
        clientName: row.client_first_name ?? details.firstName ?? null,
        clientEmail: row.client_email ?? null,
        clientPhone: row.client_phone ?? null,
        preview: (row.preview ?? '').replace(/\s+/g, ' ').trim().slice(0, 160),
        createdAt: iso(row.created_at)!,
        lastMessageAt: iso(row.last_message_at),
        closedAt: iso(row.closed_at),
        outcome: row.outcome,
        firstResponseSeconds: row.first_response_at
          ? Math.max(
              0,
              Math.round(
                (new Date(row.first_response_at).getTime() - new Date(row.created_at).getTime()) / 1000,
              ),
            )
          : null,
        waitingSince: iso(row.waiting_since),
        dueAt: iso(row.due_at),
        callback: details.callback
          ? { ...details.callback, attempts: details.callback.attempts ?? [] }
          : null,
        mailFailed: !!row.mail_failed,
        origin: details.origin ?? null,
      };
    }),
  };
}

export const bulkCloseSchema = z.object({
  ids: z.array(z.uuid()).min(1, 'choose at least one conversation').max(100),
  topic: z.enum(closeTopics).optional(),
  outcome: z.enum(outcomes),
});

/**
 * Closes several conversations at once. Each is checked on its own (the same rule as closing
 * one); those the staff member may not close are reported, never silently skipped.
 */
export async function bulkClose(
  db: Db,
  notifier: ChatNotifier,
  ctx: RequestContext,
  input: z.infer<typeof bulkCloseSchema>,
): Promise<{ closed: string[]; refused: { id: string; code: string }[] }> {
  const actor = authorize(ctx.actor, 'chat.handle');
  const staff = await staffProfile(db, actor);
  const ids = [...new Set(input.ids)];
  const rows = await db.selectFrom('conversations').selectAll().where('id', 'in', ids).execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  const closed: string[] = [];
  const refused: { id: string; code: string }[] = [];
  for (const id of ids) {
    const row = byId.get(id);
    if (!row || !maySee(staff, row)) {
      refused.push({ id, code: 'conversation.not_found' });
      continue;
    }
    if (row.status === 'closed') {
      refused.push({ id, code: 'conversation.closed' });
      continue;
    }
    if (!mayHandle(staff, row) && row.status !== 'queued') {
      refused.push({ id, code: 'auth.forbidden' });
      continue;
    }
    const seq = await db.transaction().execute((trx) =>
      closeConversation(trx, id, {
        outcome: input.outcome,
        topic: input.topic ?? row.topic ?? 'other',
        handledBy: staff.id,
        event: { type: 'closed', details: { byStaffId: staff.id, bulk: true } },
      }),
    );
    if (seq === undefined || seq === null) {
      refused.push({ id, code: 'conversation.closed' });
      continue;
    }
    closed.push(id);
    notifier.message(id, seq);
    notifier.conversationChanged(id);
  }
  if (closed.length) {
    await recordAudit(db, ctx, {
      action: 'conversation.bulk_close',
      details: { closed: closed.length, refused: refused.length, outcome: input.outcome },
    });
    notifier.queueChanged('closed');
    await autoAssign(db, notifier);
  }
  return { closed, refused };
}

/** Takes an email, call-back or web-form conversation from the queue (chats are accepted instead). */
export async function claimConversation(db: Db, notifier: ChatNotifier, ctx: RequestContext, id: string) {
  const { staff, conversation } = await conversationForStaff(db, ctx, id);
  if (conversation.channel === 'chat') {
    throw new AppError('conversation.is_chat', 409, 'Chats are accepted in the chat view');
  }
  if (conversation.status === 'closed') throw new AppError('conversation.closed', 409, 'It has been closed');
  if (conversation.assigned_staff_id && conversation.assigned_staff_id !== staff.id) {
    throw new AppError('conversation.already_taken', 409, 'Someone has taken this already');
  }
  const seq = await db.transaction().execute((trx) => claimConversationFor(trx, conversation, staff));
  if (seq === undefined)
    throw new AppError('conversation.already_taken', 409, 'Someone has taken this already');
  if (seq !== null) {
    notifier.message(id, seq);
    notifier.conversationChanged(id);
    notifier.queueChanged('claimed');
  }
  return { id };
}

export const callOutcomeSchema = z
  .object({
    outcome: z.enum(callOutcomes),
    retryAt: z.iso.datetime({ offset: true }).optional(),
    note: z.string().trim().max(2000).optional().default(''),
  })
  .refine((v) => v.outcome !== 'no_answer' || !!v.retryAt, {
    message: 'say when to try again',
    path: ['retryAt'],
  });

/**
 * Logs a call attempt on a call-back (and, later, on a phone appointment). No answer keeps the
 * request open until the retry time; reached, wrong number and done close it.
 */
export async function logCallOutcome(
  db: Db,
  notifier: ChatNotifier,
  ctx: RequestContext,
  id: string,
  input: z.infer<typeof callOutcomeSchema>,
) {
  const { staff, conversation } = await conversationForStaff(db, ctx, id);
  if (conversation.channel !== 'phone') {
    throw new AppError('conversation.not_phone', 409, 'Call outcomes are logged on phone conversations');
  }
  if (conversation.status === 'closed') throw new AppError('conversation.closed', 409, 'It has been closed');
  if (conversation.assigned_staff_id !== staff.id && !mayHandle(staff, conversation)) {
    throw new AppError('conversation.not_assigned', 403, 'Take the request before logging a call');
  }
  if (!mayHandle(staff, conversation)) throw new AppError('auth.forbidden', 403);
  let retryAt: Date | null = null;
  if (input.outcome === 'no_answer') {
    retryAt = new Date(input.retryAt!);
    const now = Date.now();
    if (retryAt.getTime() < now - 60_000 || retryAt.getTime() > now + 60 * 86_400_000) {
      throw new AppError('request.invalid', 400, 'retryAt: choose a time within the next 60 days', {
        fields: [{ field: 'retryAt', message: 'callback.retry_out_of_range' }],
      });
    }
  }
  const closes = input.outcome !== 'no_answer';
  const attempt = {
    outcome: input.outcome,
    at: new Date().toISOString(),
    by: staff.name,
    retryAt: retryAt?.toISOString() ?? null,
    note: input.note,
  };
  const seq = await db.transaction().execute(async (trx) => {
    const details = conversation.details as { callback?: { attempts?: unknown[] } };
    const callback = details.callback ?? {};
    const nextDetails = {
      ...details,
      callback: { ...callback, attempts: [...(callback.attempts ?? []), attempt].slice(-50) },
    };
    await trx
      .updateTable('conversations')
      .set({
        details: JSON.stringify(nextDetails),
        ...(closes ? {} : { due_at: retryAt, status: 'waiting' as const, updated_at: sql<Date>`now()` }),
        ...(input.outcome === 'reached' && !conversation.first_response_at
          ? { first_response_at: sql<Date>`now()` }
          : {}),
      })
      .where('id', '=', id)
      .execute();
    const { message } = await appendMessage(trx, {
      conversationId: id,
      kind: 'event',
      authorType: 'system',
      authorStaffId: staff.id,
      eventType: 'call_outcome',
      body: input.note,
      details: { outcome: input.outcome, retryAt: attempt.retryAt, note: input.note, byStaffId: staff.id },
    });
    if (!closes) return message.seq;
    const closedSeq = await closeConversation(trx, id, {
      outcome: input.outcome === 'wrong_number' ? 'client_unreachable' : 'answered',
      event: { type: 'closed', details: { byStaffId: staff.id } },
    });
    return closedSeq ?? message.seq;
  });
  notifier.message(id, seq);
  notifier.conversationChanged(id);
  await recordAudit(db, ctx, {
    action: 'callback.outcome',
    targetType: 'conversation',
    targetId: id,
    organisationId: conversation.organisation_id,
    details: { outcome: input.outcome },
  });
  return {
    id,
    status: closes ? 'closed' : 'waiting',
    dueAt: retryAt?.toISOString() ?? conversation.due_at?.toISOString() ?? null,
  };
}
