/* The inbox's conversation page: reading a conversation with its context, and replying or noting (by mail on email). */
import { regionClassOf } from '../../conversations/about-you.js';
import { municipalityName } from '../../shared/municipalities.js';
import { clientMsgIdSchema } from '../../conversations/client-msg-id.js';
import { presentStaffMessage, presentInboxItem } from '../../conversations/staff-view.js';
import { mayHandle, conversationForStaff, type StaffProfile } from '../../conversations/access.js';
import { z } from 'zod';
import type { Db } from '../../db/database-types.js';
import { AppError } from '../../errors.js';
import { recordAudit } from '../../access/audit.js';
import type { RequestContext } from '../../access/request-context.js';
import type { ChatNotifier } from '../../conversations/notifier.js';
import { MESSAGE_MAX_LENGTH, chatLanguages, type ChatLanguage } from '../../conversations/vocabulary.js';
import type { ConversationRow } from '../../conversations/conversation.table.js';
import type { MailSender } from '../../conversations/mail-sender.js';
import { staffReply } from './inbox.mail.js';
import { selectOrganisationById } from '../organisations/organisation.repository.js';
import { mailsOfConversation, queueMail, type MailSettings } from '../../conversations/mail-outbox.js';
import { presentCallback, type StoredCallback } from './inbox.presenter.js';
import {
  selectClientContact,
  selectClientEmail,
  selectConversationWithNames,
  selectEarlierConversations,
} from './inbox.repository.js';
import { appendMessage, messagesAfter } from '../../conversations/message.repository.js';
import { firstName } from '../../shared/names.js';
import type { MailLink } from '../../conversations/mail-layout.js';
import { cardFor, cardTypes } from '../self-help/suggestions.service.js';

export async function readConversationForStaff(db: Db, ctx: RequestContext, id: string, afterSeq: number) {
  const { conversation, staff } = await conversationForStaff(db, ctx, id);
  const [messages, named] = await Promise.all([
    messagesAfter(db, id, afterSeq, { includeNotes: true }),
    selectConversationWithNames(db, id),
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
    callback?: StoredCallback;
    origin?: string;
    answers?: Record<string, string | string[]>;
    programmes?: { id: string; name: string; provider: string; providerName: string }[];
    accessibility?: { page: string };
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
    const row = await selectClientContact(db, conversation.client_id);
    if (row?.consent_contact_at) {
      client = { firstName: row.first_name, email: row.email, phone: row.phone };
      if (row.secret_hash) {
        const history = await selectEarlierConversations(db, conversation.client_id, conversation.id);
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
    callback: presentCallback(details.callback),
    dueAt: conversation.due_at ? new Date(conversation.due_at).toISOString() : null,
    /** Finder answers and shortlisted programmes of a web-form contact request. */
    request:
      conversation.channel === 'web_form'
        ? { answers: details.answers ?? {}, programmes: details.programmes ?? [] }
        : null,
    /** Feedback on accessibility: the page or part of the service it is about. */
    accessibility: details.accessibility ? { page: details.accessibility.page } : null,
    about: {
      ageBand: conversation.client_age_band,
      situation: conversation.client_situation,
      municipality: conversation.client_municipality,
      municipalityName: conversation.client_municipality
        ? municipalityName(conversation.client_municipality, 'fi')
        : null,
      regionClass: regionClassOf(conversation.client_municipality),
    },
  };
}

const staffMessageFields = z.object({
  clientMsgId: clientMsgIdSchema,
  body: z
    .string()
    .trim()
    .max(MESSAGE_MAX_LENGTH, `a message is at most ${MESSAGE_MAX_LENGTH} characters`)
    .default(''),
  kind: z.enum(['message', 'note']).default('message'),
  /** A guide (by key) or programme (by id) of this service, sent as a link card. */
  card: z.object({ type: z.enum(cardTypes), id: z.string().min(1).max(100) }).optional(),
});
const checkStaffMessage = (
  input: { body: string; kind: string; card?: unknown },
  ctx: { addIssue: (issue: { code: 'custom'; path: string[]; message: string }) => void },
) => {
  if (!input.body && !input.card)
    ctx.addIssue({ code: 'custom', path: ['body'], message: 'the message is empty' });
  if (input.card && input.kind !== 'message')
    ctx.addIssue({ code: 'custom', path: ['card'], message: 'a card is sent to the client, not noted' });
};
export const staffMessageSchema = staffMessageFields.superRefine(checkStaffMessage);
/** The same message with the conversation it goes to (the staff socket's `message`). */
export const staffSocketMessageSchema = staffMessageFields
  .extend({ conversationId: z.string().max(100) })
  .superRefine(checkStaffMessage);

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
  const card = input.card ? await cardFor(db, input.card, languageOf(conversation)) : null;
  const body = input.body || (card?.title ?? '');
  const { message, duplicate } = await appendMessage(db, {
    conversationId: id,
    kind: input.kind,
    authorType: 'staff',
    authorStaffId: staff.id,
    body,
    clientMsgId: input.clientMsgId,
    openOnly: input.kind === 'message',
    ...(card ? { details: { card } } : {}),
  });
  let mailId: string | undefined;
  if (!duplicate && input.kind === 'message' && conversation.channel === 'email' && mail) {
    const links = card ? [{ ...card, url: `${mail.settings.publicUrl}${card.url}` }] : [];
    mailId = await mailReply(db, mail, conversation, staff, input.body, message.seq, links);
  }
  if (!duplicate) {
    notifier.message(id, message.seq, undefined, { ...message, author_name: staff.name });
    if (input.kind === 'message' && conversation.status === 'active') notifier.conversationChanged(id);
  }
  return {
    ...(mailId ? { mailId } : {}),
    seq: message.seq,
    clientMsgId: input.clientMsgId,
    createdAt: new Date(message.created_at).toISOString(),
  };
}

/** The conversation's language where the service speaks it, else Finnish. */
const languageOf = (conversation: ConversationRow): ChatLanguage =>
  (chatLanguages as readonly string[]).includes(conversation.language ?? '')
    ? (conversation.language as ChatLanguage)
    : 'fi';

/** An email conversation's reply goes to the client's address, threaded, in their language. */
async function mailReply(
  db: Db,
  mail: { sender: MailSender; settings: MailSettings },
  conversation: ConversationRow,
  staff: StaffProfile,
  body: string,
  seq: number,
  links: MailLink[],
): Promise<string | undefined> {
  const client = conversation.client_id ? await selectClientEmail(db, conversation.client_id) : undefined;
  if (!client?.email) return undefined;
  const provider = staff.organisation_id
    ? await selectOrganisationById(db, staff.organisation_id)
    : undefined;
  const lang = languageOf(conversation);
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
      links,
    }),
    messageSeq: seq,
  });
  if (queued) mail.sender.kick(queued.id);
  return queued?.id;
}
