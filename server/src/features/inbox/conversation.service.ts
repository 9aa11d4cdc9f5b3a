import { presentStaffMessage, presentInboxItem, withNames } from '../../conversations/staff-view.js';
import { mayHandle, conversationForStaff, type StaffProfile } from '../../conversations/access.js';
import { z } from 'zod';
import type { Db } from '../../db/database-types.js';
import { AppError } from '../../errors.js';
import { expertiseSchema } from '../../shared/vocabulary.js';
import { recordAudit } from '../../access/audit.js';
import type { RequestContext } from '../../access/request-context.js';
import type { ChatNotifier } from '../../conversations/notifier.js';
import {
  clientMsgIdSchema,
  MESSAGE_MAX_LENGTH,
  chatLanguages,
  closeTopics,
  outcomes,
  type ChatLanguage,
} from '../../conversations/vocabulary.js';
import type { ConversationRow } from '../../conversations/conversation.table.js';
import type { MailSender } from '../../conversations/mail-sender.js';
import { staffReply } from './inbox.mail.js';
import { mailsOfConversation, queueMail, type MailSettings } from '../../conversations/mail-outbox.js';
import type { CallbackDetails } from './inbox.types.js';
import { appendMessage, messagesAfter } from '../../conversations/message.repository.js';
import { autoAssign } from '../chat/routing.js';
import {
  closeConversation as closeOpenConversation,
  recordClosingOutcome,
  transferConversation as transferConversationTo,
} from '../../conversations/lifecycle.js';
import { firstName } from '../../shared/names.js';

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
