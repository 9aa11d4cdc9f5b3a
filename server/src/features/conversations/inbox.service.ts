import {
  staffProfile,
  mayHandle,
  conversationForStaff,
  canTakeFromQueue,
  type StaffProfile,
} from '../../conversations/access.js';
import { sql } from 'kysely';
import { z } from 'zod';
import type { Db } from '../../db/database-types.js';
import { AppError } from '../../errors.js';
import { expertiseAreas, expertiseSchema } from '../../shared/vocabulary.js';
import { recordAudit } from '../../access/audit.js';
import { authorize } from '../../access/policy.js';
import type { RequestContext } from '../../access/request-context.js';
import type { ChatNotifier } from '../../conversations/notifier.js';
import { clientMsgIdSchema } from './chat-client.service.js';
import {
  MESSAGE_MAX_LENGTH,
  PRESENCE_STALE_SECONDS,
  chatLanguages,
  chatTopics,
  closeTopics,
  outcomes,
  type ChatLanguage,
} from '../../conversations/vocabulary.js';
import {
  presenceStatuses,
  type ConversationRow,
  type PresenceStatus,
} from '../../conversations/conversation.table.js';
import type { MailSender } from '../../conversations/mail-sender.js';
import { staffReply } from '../mail/mail-templates.js';
import { mailsOfConversation, queueMail, type MailSettings } from '../../conversations/mail-outbox.js';
import type { CallbackDetails } from './unified-inbox.types.js';
import {
  appendMessage,
  messagesAfter,
  type MessageWithAuthor,
} from '../../conversations/message.repository.js';
import { autoAssign, fitScore, queuePositions } from './routing.js';
import {
  assignFromQueue,
  closeConversation as closeOpenConversation,
  recordClosingOutcome,
  transferConversation as transferConversationTo,
} from '../../conversations/lifecycle.js';
import { firstName } from '../../shared/names.js';

export interface StaffMessage {
  seq: number;
  kind: 'message' | 'note' | 'event';
  author: 'client' | 'staff' | 'system';
  authorName: string | null;
  authorStaffId: string | null;
  body: string;
  eventType: string | null;
  details: Record<string, unknown>;
  clientMsgId: string | null;
  createdAt: string;
}

export function presentStaffMessage(row: MessageWithAuthor): StaffMessage {
  return {
    seq: row.seq,
    kind: row.kind,
    author: row.author_type,
    authorName: row.author_name ?? null,
    authorStaffId: row.author_staff_id,
    body: row.body,
    eventType: row.event_type,
    details: row.details,
    clientMsgId: row.client_msg_id,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

function presentInboxItem(
  row: ConversationRow & { assigned_name?: string | null; organisation_name?: string | null },
  staff?: StaffProfile,
  position?: number,
) {
  const details = row.details as { firstName?: string | null; sourceOrganisationId?: string | null };
  const fit = staff ? fitScore(staff, row) : null;
  return {
    id: row.id,
    channel: row.channel,
    status: row.status,
    topic: row.topic,
    language: row.language,
    subject: row.subject,
    firstName: details.firstName ?? null,
    organisationId: row.organisation_id,
    organisationName: row.organisation_name ?? null,
    assignedStaffId: row.assigned_staff_id,
    assignedName: row.assigned_name ?? null,
    queueOrganisationId: row.queue_organisation_id,
    queueExpertise: row.queue_expertise,
    sourceSite: row.source_site,
    sourcePage: row.source_page,
    createdAt: new Date(row.created_at).toISOString(),
    queuedAt: row.queued_at ? new Date(row.queued_at).toISOString() : null,
    firstResponseAt: row.first_response_at ? new Date(row.first_response_at).toISOString() : null,
    lastMessageAt: row.last_message_at ? new Date(row.last_message_at).toISOString() : null,
    closedAt: row.closed_at ? new Date(row.closed_at).toISOString() : null,
    outcome: row.outcome,
    lastSeq: row.last_seq,
    queuePosition: position ?? null,
    recommended: fit ? fit.language && (fit.expertise || row.topic === 'other') : false,
    match: fit ? { language: fit.language, expertise: fit.expertise, provider: fit.provider } : null,
  };
}
export type InboxItem = ReturnType<typeof presentInboxItem>;

const withNames = (db: Db) =>
  db
    .selectFrom('conversations as c')
    .leftJoin('staff as s', 's.id', 'c.assigned_staff_id')
    .leftJoin('organisations as o', 'o.id', 'c.organisation_id')
    .selectAll('c')
    .select(['s.name as assigned_name', 'o.name_fi as organisation_name']);

export async function inboxItemById(db: Db, id: string): Promise<InboxItem | undefined> {
  const row = await withNames(db).where('c.id', '=', id).executeTakeFirst();
  return row ? presentInboxItem(row) : undefined;
}

export const queueFilterSchema = z.object({
  topic: z.enum(chatTopics).optional().catch(undefined),
  language: z.enum(chatLanguages).optional().catch(undefined),
});

/** Queued chats the staff member may take, oldest first, with how well each fits them. */
export async function listQueue(db: Db, ctx: RequestContext, filter: z.infer<typeof queueFilterSchema>) {
  const actor = authorize(ctx.actor, 'chat.handle');
  const staff = await staffProfile(db, actor);
  let query = withNames(db).where('c.status', '=', 'queued').where('c.channel', '=', 'chat');
  if (filter.topic) query = query.where('c.topic', '=', filter.topic);
  if (filter.language) query = query.where('c.language', '=', filter.language);
  const [rows, positions] = await Promise.all([
    query.orderBy('c.queued_at').limit(200).execute(),
    queuePositions(db),
  ]);
  return rows
    .filter((row) => canTakeFromQueue(staff, row))
    .map((row) => presentInboxItem(row, staff, positions.get(row.id)));
}

/** The staff member's own open chats. */
export async function listMine(db: Db, ctx: RequestContext) {
  const actor = authorize(ctx.actor, 'chat.handle');
  const rows = await withNames(db)
    .where('c.assigned_staff_id', '=', actor.staffId)
    .where('c.status', 'in', ['active', 'waiting'])
    // Email and call-backs taken by the counsellor are in the unified inbox, not among the chats.
    .where('c.channel', '=', 'chat')
    .orderBy('c.assigned_at')
    .execute();
  return rows.map((row) => presentInboxItem(row));
}

export async function readConversationForStaff(db: Db, ctx: RequestContext, id: string, afterSeq: number) {
  const { conversation, staff } = await conversationForStaff(db, ctx, id);
  const [messages, named] = await Promise.all([
    messagesAfter(db, id, afterSeq, { includeNotes: true }),
    withNames(db).where('c.id', '=', id).executeTakeFirstOrThrow(),
  ]);
  await recordAudit(db, ctx, {
    action: 'conversation.read',
    targetType: 'conversation',
    targetId: id,
    organisationId: conversation.organisation_id,
  });
  return {
    conversation: presentInboxItem(named, staff),
    messages: messages.map(presentStaffMessage),
    context: await conversationContext(db, conversation),
    mail: await mailsOfConversation(db, id),
  };
}

/** What the counsellor may know about the visitor: the page, and with consent the shortlist and history. */
async function conversationContext(db: Db, conversation: ConversationRow) {
  const details = conversation.details as {
    consent?: boolean;
    shortlist?: { id: string; name: string; provider: string }[];
    callback?: Omit<CallbackDetails, 'attempts'> & { attempts?: CallbackDetails['attempts'] };
    origin?: string;
    answers?: Record<string, string | string[]>;
    programmes?: { id: string; name: string; provider: string; providerName: string }[];
  };
  let earlier: {
    id: string;
    channel: string;
    topic: string | null;
    outcome: string | null;
    createdAt: string;
  }[] = [];
  let client: { firstName: string | null; email: string | null; phone: string | null } | null = null;
  if (conversation.client_id) {
    const row = await db
      .selectFrom('clients')
      .select(['first_name', 'email', 'phone', 'consent_contact_at', 'secret_hash'])
      .where('id', '=', conversation.client_id)
      .executeTakeFirst();
    if (row?.consent_contact_at) {
      client = { firstName: row.first_name, email: row.email, phone: row.phone };
      if (row.secret_hash) {
        const history = await db
          .selectFrom('conversations')
          .select(['id', 'channel', 'topic', 'outcome', 'created_at'])
          .where('client_id', '=', conversation.client_id)
          .where('id', '<>', conversation.id)
          .orderBy('created_at', 'desc')
          .limit(10)
          .execute();
        earlier = history.map((h) => ({
          id: h.id,
          channel: h.channel,
          topic: h.topic,
          outcome: h.outcome,
          createdAt: new Date(h.created_at).toISOString(),
        }));
      }
    }
  }
  return {
    sourceSite: conversation.source_site,
    sourcePage: conversation.source_page,
    consent: !!details.consent || !!client,
    shortlist: details.consent ? (details.shortlist ?? []) : [],
    earlier,
    client,
    origin: details.origin ?? null,
    callback: details.callback
      ? ({ ...details.callback, attempts: details.callback.attempts ?? [] } satisfies CallbackDetails)
      : null,
    dueAt: conversation.due_at ? new Date(conversation.due_at).toISOString() : null,
    /** Finder answers and shortlisted programmes of a web-form contact request. */
    request:
      conversation.channel === 'web_form'
        ? { answers: details.answers ?? {}, programmes: details.programmes ?? [] }
        : null,
  };
}

export async function acceptConversation(db: Db, notifier: ChatNotifier, ctx: RequestContext, id: string) {
  const { staff, conversation } = await conversationForStaff(db, ctx, id);
  if (conversation.channel !== 'chat')
    throw new AppError('conversation.not_chat', 409, 'Only chats are accepted here');
  if (conversation.status !== 'queued')
    throw new AppError('conversation.already_taken', 409, 'Someone took this chat already');
  const presence = await db
    .selectFrom('staff_presence')
    .select('max_chats')
    .where('staff_id', '=', staff.id)
    .executeTakeFirst();
  const active = await db
    .selectFrom('conversations')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('assigned_staff_id', '=', staff.id)
    .where('status', 'in', ['active', 'waiting'])
    .where('channel', '=', 'chat')
    .executeTakeFirstOrThrow();
  if (Number(active.n) >= (presence?.max_chats ?? 3)) {
    throw new AppError('chat.at_capacity', 409, 'You have as many chats as your maximum allows');
  }
  const row = await db.transaction().execute((trx) => assignFromQueue(trx, id, staff));
  if (!row) throw new AppError('conversation.already_taken', 409, 'Someone took this chat already');
  notifier.message(id, row.last_seq + 1);
  notifier.conversationChanged(id);
  notifier.queueChanged('accepted');
  notifier.assigned(staff.id, id);
  return { id };
}

export const staffMessageSchema = z.object({
  clientMsgId: clientMsgIdSchema,
  body: z
    .string()
    .trim()
    .min(1, 'the message is empty')
    .max(MESSAGE_MAX_LENGTH, `a message is at most ${MESSAGE_MAX_LENGTH} characters`),
  kind: z.enum(['message', 'note']).default('message'),
});

export async function postStaffMessage(
  db: Db,
  notifier: ChatNotifier,
  ctx: RequestContext,
  id: string,
  input: z.infer<typeof staffMessageSchema>,
  mail?: { sender: MailSender; settings: MailSettings },
) {
  const { staff, conversation } = await conversationForStaff(db, ctx, id);
  if (input.kind === 'message' && !mayHandle(staff, conversation)) {
    throw new AppError('conversation.not_assigned', 403, 'Accept the conversation before replying');
  }
  if (conversation.status === 'closed' && input.kind === 'message') {
    throw new AppError('conversation.closed', 409, 'The conversation has ended');
  }
  const { message, duplicate } = await appendMessage(db, {
    conversationId: id,
    kind: input.kind,
    authorType: 'staff',
    authorStaffId: staff.id,
    body: input.body,
    clientMsgId: input.clientMsgId,
    openOnly: input.kind === 'message',
  });
  let mailId: string | undefined;
  if (!duplicate && input.kind === 'message' && conversation.channel === 'email' && mail) {
    mailId = await mailReply(db, mail, conversation, staff, input.body, message.seq);
  }
  if (!duplicate) {
    notifier.message(id, message.seq);
    if (input.kind === 'message' && conversation.status === 'active') notifier.conversationChanged(id);
  }
  return {
    ...(mailId ? { mailId } : {}),
    seq: message.seq,
    clientMsgId: input.clientMsgId,
    createdAt: new Date(message.created_at).toISOString(),
  };
}

/** An email conversation's reply goes to the client's address, threaded, in their language. */
async function mailReply(
  db: Db,
  mail: { sender: MailSender; settings: MailSettings },
  conversation: ConversationRow,
  staff: StaffProfile,
  body: string,
  seq: number,
): Promise<string | undefined> {
  const client = conversation.client_id
    ? await db
        .selectFrom('clients')
        .select(['email'])
        .where('id', '=', conversation.client_id)
        .executeTakeFirst()
    : undefined;
  if (!client?.email) return undefined;
  const provider = staff.organisation_id
    ? await db
        .selectFrom('organisations')
        .select(['name_fi', 'name_sv', 'name_en'])
        .where('id', '=', staff.organisation_id)
        .executeTakeFirst()
    : undefined;
  const lang = (chatLanguages as readonly string[]).includes(conversation.language ?? '')
    ? (conversation.language as ChatLanguage)
    : 'fi';
  const providerName = provider
    ? ((lang === 'sv' ? provider.name_sv : lang === 'en' ? provider.name_en : null) ?? provider.name_fi)
    : null;
  const queued = await queueMail(db, mail.settings, {
    conversationId: conversation.id,
    kind: 'staff_reply',
    to: client.email,
    mail: staffReply(lang, {
      subject: conversation.subject,
      body,
      counsellor: firstName(staff.name),
      provider: providerName,
    }),
    messageSeq: seq,
  });
  if (queued) mail.sender.kick(queued.id);
  return queued?.id;
}

export const transferSchema = z.union([
  z.object({ staffId: z.uuid(), note: z.string().trim().max(1000).default('') }),
  z.object({ organisationId: z.uuid(), note: z.string().trim().max(1000).default('') }),
  z.object({ expertise: expertiseSchema, note: z.string().trim().max(1000).default('') }),
]);

/**
 * Hands an open chat to a named colleague, or back to a provider's or an expertise queue.
 * The note is kept as a staff-only note; the visitor sees that they were transferred.
 */
export async function transferConversation(
  db: Db,
  notifier: ChatNotifier,
  ctx: RequestContext,
  id: string,
  input: z.infer<typeof transferSchema>,
) {
  const { staff, conversation } = await conversationForStaff(db, ctx, id);
  if (!mayHandle(staff, conversation)) {
    await recordAudit(db, ctx, {
      action: 'conversation.transfer',
      outcome: 'denied',
      targetType: 'conversation',
      targetId: id,
      organisationId: conversation.organisation_id,
    });
    throw new AppError('auth.forbidden', 403, 'Only the counsellor handling the chat can transfer it');
  }
  if (conversation.status === 'closed')
    throw new AppError('conversation.closed', 409, 'The conversation has ended');

  let target: { id: string; name: string; organisation_id: string | null } | undefined;
  let queue: { organisationId: string | null; expertise: string | null } | undefined;
  let targetLabel: string;
  if ('staffId' in input) {
    if (input.staffId === conversation.assigned_staff_id) {
      throw new AppError('transfer.same_person', 409, 'The chat is already theirs');
    }
    target = await db
      .selectFrom('staff')
      .select(['id', 'name', 'organisation_id'])
      .where('id', '=', input.staffId)
      .where('is_active', '=', true)
      .where('role', 'in', ['counsellor', 'org_admin', 'admin'])
      .executeTakeFirst();
    if (!target) throw new AppError('transfer.target_not_found', 404, 'No such active colleague');
    targetLabel = target.name;
  } else if ('organisationId' in input) {
    const organisation = await db
      .selectFrom('organisations')
      .select(['id', 'name_fi'])
      .where('id', '=', input.organisationId)
      .where('is_active', '=', true)
      .executeTakeFirst();
    if (!organisation) throw new AppError('transfer.target_not_found', 404, 'No such active provider');
    queue = { organisationId: organisation.id, expertise: null };
    targetLabel = organisation.name_fi;
  } else {
    queue = { organisationId: null, expertise: input.expertise };
    targetLabel = input.expertise;
  }

  const seqs = await db
    .transaction()
    .execute((trx) =>
      transferConversationTo(
        trx,
        conversation,
        { staffId: staff.id },
        target ? { staff: target } : { queue: queue!, label: targetLabel },
        input.note,
      ),
    );
  if (!seqs) throw new AppError('conversation.changed', 409, 'The conversation changed meanwhile; reload it');
  await recordAudit(db, ctx, {
    action: 'conversation.transfer',
    targetType: 'conversation',
    targetId: id,
    organisationId: conversation.organisation_id,
    details: target ? { toStaffId: target.id } : { toQueue: queue },
  });
  for (const seq of seqs) notifier.message(id, seq);
  notifier.conversationChanged(id);
  if (target) notifier.assigned(target.id, id);
  else {
    notifier.queueChanged('transferred');
    await autoAssign(db, notifier);
  }
  return { id };
}

export const closeSchema = z.object({ topic: z.enum(closeTopics), outcome: z.enum(outcomes) });

/** Closes with topic and outcome; on a chat the visitor already left, records them. */
export async function closeConversation(
  db: Db,
  notifier: ChatNotifier,
  ctx: RequestContext,
  id: string,
  input: z.infer<typeof closeSchema>,
) {
  const { staff, conversation } = await conversationForStaff(db, ctx, id);
  if (!mayHandle(staff, conversation) && conversation.status !== 'queued') {
    throw new AppError('auth.forbidden', 403, 'Only the counsellor handling the chat can close it');
  }
  if (conversation.status === 'closed' && conversation.outcome && conversation.outcome !== 'client_left') {
    throw new AppError('conversation.closed', 409, 'The conversation has ended');
  }
  const wasQueued = conversation.status === 'queued';
  const seq = await db.transaction().execute(async (trx) => {
    const closed =
      conversation.status === 'closed'
        ? undefined
        : await closeOpenConversation(trx, id, {
            outcome: input.outcome,
            topic: input.topic,
            event: { type: 'closed', details: { byStaffId: staff.id } },
          });
    // Closed already (the visitor left, maybe just now): the counsellor's topic and outcome.
    if (closed === undefined) await recordClosingOutcome(trx, id, input);
    return closed ?? undefined;
  });
  if (seq !== undefined) notifier.message(id, seq);
  notifier.conversationChanged(id);
  if (wasQueued) notifier.queueChanged('closed');
  await autoAssign(db, notifier);
  return { id };
}

export const presenceSchema = z.object({
  status: z.enum(presenceStatuses),
  maxChats: z.number().int().min(1).max(10),
});

export async function readPresence(db: Db, ctx: RequestContext) {
  const actor = authorize(ctx.actor, 'chat.handle');
  const row = await db
    .selectFrom('staff_presence')
    .select(['status', 'max_chats', 'last_seen_at'])
    .where('staff_id', '=', actor.staffId)
    .executeTakeFirst();
  return { status: row?.status ?? 'offline', maxChats: row?.max_chats ?? 3 };
}

export async function setPresence(
  db: Db,
  notifier: ChatNotifier,
  ctx: RequestContext,
  input: z.infer<typeof presenceSchema>,
) {
  const actor = authorize(ctx.actor, 'chat.handle');
  await db
    .insertInto('staff_presence')
    .values({ staff_id: actor.staffId, status: input.status, max_chats: input.maxChats })
    .onConflict((oc) =>
      oc.column('staff_id').doUpdateSet({
        status: input.status,
        max_chats: input.maxChats,
        last_seen_at: sql<Date>`now()`,
        updated_at: sql<Date>`now()`,
      }),
    )
    .execute();
  notifier.queueChanged('presence');
  if (input.status === 'available') await autoAssign(db, notifier);
  return input;
}

/** Marks console connections as present; called by the staff sockets' heartbeat. */
export async function touchPresence(db: Db, staffIds: string[]): Promise<void> {
  if (!staffIds.length) return;
  await db
    .insertInto('staff_presence')
    .values(staffIds.map((id) => ({ staff_id: id })))
    .onConflict((oc) => oc.column('staff_id').doUpdateSet({ last_seen_at: sql<Date>`now()` }))
    .execute();
}

/** Transfer targets: colleagues (with whether they are online now), providers, expertise queues. */
export async function listColleagues(db: Db, ctx: RequestContext) {
  const actor = authorize(ctx.actor, 'chat.handle');
  const [staff, organisations] = await Promise.all([
    db
      .selectFrom('staff as s')
      .leftJoin('staff_presence as p', 'p.staff_id', 's.id')
      .leftJoin('organisations as o', 'o.id', 's.organisation_id')
      .select([
        's.id',
        's.name',
        's.organisation_id',
        'o.name_fi as organisation_name',
        's.languages',
        's.expertise',
        sql<PresenceStatus>`case when p.last_seen_at > now() - make_interval(secs => ${PRESENCE_STALE_SECONDS}) then p.status else 'offline' end`.as(
          'status',
        ),
      ])
      .where('s.is_active', '=', true)
      .where('s.role', 'in', ['counsellor', 'org_admin', 'admin'])
      .where('s.id', '<>', actor.staffId)
      .orderBy('s.name')
      .execute(),
    db
      .selectFrom('organisations')
      .select(['id', 'name_fi', 'name_sv', 'name_en'])
      .where('is_active', '=', true)
      .orderBy('name_fi')
      .execute(),
  ]);
  return {
    staff: staff.map((s) => ({
      id: s.id,
      name: s.name,
      organisationId: s.organisation_id,
      organisationName: s.organisation_name,
      languages: s.languages,
      expertise: s.expertise,
      status: s.status,
    })),
    organisations: organisations.map((o) => ({
      id: o.id,
      name: { fi: o.name_fi, sv: o.name_sv, en: o.name_en },
    })),
    expertise: expertiseAreas,
    topics: closeTopics,
    outcomes,
  };
}
