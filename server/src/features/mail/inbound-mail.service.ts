/* Taking a received mail in: which of our addresses it is for, its thread, and the message it becomes. */
import { openConversation } from '../../conversations/open-conversation.js';
import { reopenConversation } from '../../conversations/lifecycle.js';
import type { ParsedMail } from 'mailparser';
import type { Db } from '../../db/database-types.js';
import type { ChatNotifier } from '../../conversations/notifier.js';
import type { ConversationRow } from '../../conversations/conversation.table.js';
import { appendMessage } from '../../conversations/message.repository.js';
import type { EmailMessageDetails } from '../inbox/inbox.types.js';
import type { MailSender } from '../../conversations/mail-sender.js';
import { contactConfirmation } from '../contact-forms/contact-forms.mail.js';
import { SERVICE_LOCAL_PART, queueMail, type MailSettings } from '../../conversations/mail-outbox.js';
import {
  clean,
  isAutoReply,
  languageOf,
  normaliseMessageId,
  referencedIds,
  stripQuotedReply,
} from './inbound-mail-content.js';
import { sortAttachments } from './inbound-attachments.js';
import {
  hasMailMessageId,
  insertAttachment,
  insertMailMessageId,
  selectOrganisationIdBySlug,
  selectThreadByMessageIds,
  selectThreadByReplyToken,
} from './mail.repository.js';

/** A reply token or reference stops threading this long after its conversation was closed. */
export const THREAD_DAYS_AFTER_CLOSE = 30;
/** The longest mail body kept; the rest is cut with a note. */
export const EMAIL_BODY_MAX_CHARS = 20_000;

export type Recipient =
  { kind: 'service' } | { kind: 'token'; token: string } | { kind: 'provider'; organisationId: string };

/** Which of the service's addresses this is, or null (refused: the server is not a relay). */
export async function resolveRecipient(
  db: Db,
  settings: MailSettings,
  address: string,
): Promise<Recipient | null> {
  const at = address.lastIndexOf('@');
  if (at < 1) return null;
  const local = address.slice(0, at).toLowerCase();
  const domain = address.slice(at + 1).toLowerCase();
  if (domain !== settings.domain.toLowerCase()) return null;
  if (local === SERVICE_LOCAL_PART) return { kind: 'service' };
  if (local.startsWith(`${SERVICE_LOCAL_PART}+`)) {
    // Any token is accepted here; an unknown one opens a new conversation, so the SMTP answer
    // tells nothing about which tokens exist.
    return { kind: 'token', token: local.slice(SERVICE_LOCAL_PART.length + 1).slice(0, 100) };
  }
  if (!/^[a-z0-9-]{1,100}$/.test(local)) return null;
  const organisation = await selectOrganisationIdBySlug(db, local);
  return organisation ? { kind: 'provider', organisationId: organisation.id } : null;
}

export interface InboundEnvelope {
  mailFrom: string | null;
  recipients: Recipient[];
}

export type InboundResult =
  | { outcome: 'threaded'; conversationId: string; seq: number; reopened: boolean }
  | { outcome: 'created'; conversationId: string; seq: number }
  | { outcome: 'duplicate' }
  | { outcome: 'dropped'; reason: 'auto_reply' | 'own_mail' };

export interface InboundDeps {
  db: Db;
  settings: MailSettings;
  sender: MailSender;
  notifier: ChatNotifier;
}

/** The conversation a mail continues: by reply token first, then by the ids it references. */
async function findThread(db: Db, tokens: string[], references: string[]) {
  if (tokens.length) {
    const byToken = await selectThreadByReplyToken(db, tokens, THREAD_DAYS_AFTER_CLOSE);
    if (byToken) return byToken;
  }
  if (references.length) {
    return selectThreadByMessageIds(db, references, THREAD_DAYS_AFTER_CLOSE);
  }
  return undefined;
}

/**
 * Turns a parsed mail into a message: a reply joins its conversation (by reply token, then by
 * In-Reply-To / References), anything else opens a new email conversation with a confirmation
 * to the sender. Auto-replies join their thread but never open one and are never answered.
 */
export async function receiveMail(
  deps: InboundDeps,
  mail: ParsedMail,
  envelope: InboundEnvelope,
): Promise<InboundResult> {
  const { db, settings } = deps;
  const messageId = normaliseMessageId(mail.messageId);
  if (messageId && (await hasMailMessageId(db, messageId))) return { outcome: 'duplicate' };
  const from = mail.from?.value[0];
  const fromAddress = clean(from?.address ?? envelope.mailFrom ?? '').slice(0, 200);
  const fromName = clean(from?.name ?? '').slice(0, 100);
  if (fromAddress.toLowerCase().endsWith(`@${settings.domain.toLowerCase()}`)) {
    return { outcome: 'dropped', reason: 'own_mail' };
  }
  const autoReply = isAutoReply(mail, envelope.mailFrom);
  const tokens = envelope.recipients.flatMap((r) => (r.kind === 'token' ? [r.token] : []));
  const thread = await findThread(db, tokens, referencedIds(mail));
  if (!thread && autoReply) return { outcome: 'dropped', reason: 'auto_reply' };

  const subject = clean(mail.subject ?? '')
    .replace(/\n/g, ' ')
    .trim()
    .slice(0, 300);
  let body = clean(mail.text ?? '');
  if (thread) body = stripQuotedReply(body);
  body = body.trim();
  if (body.length > EMAIL_BODY_MAX_CHARS) body = `${body.slice(0, EMAIL_BODY_MAX_CHARS)}\n[…]`;

  const { kept, refused } = sortAttachments(mail.attachments ?? []);
  const details: EmailMessageDetails = {
    email: { from: fromAddress, subject, messageId, autoReply },
    attachments: kept.map(({ content: _content, ...info }) => info),
    refusedAttachments: refused,
  };

  const provider = envelope.recipients.find((r) => r.kind === 'provider');
  const language = languageOf(mail);
  const result = await db.transaction().execute(async (trx) => {
    let conversation: ConversationRow;
    let reopened = false;
    if (thread) {
      conversation = thread;
      // An out-of-office answer to the last reply is kept, but does not reopen a closed matter.
      if (thread.status === 'closed' && !autoReply) {
        reopened = true;
        await reopenConversation(trx, thread, { by: 'email' });
      }
    } else {
      const firstNameGiven = fromName ? fromName.split(/\s+/)[0]!.slice(0, 50) : null;
      const opened = await openConversation(trx, {
        channel: 'email',
        status: 'queued',
        // Writing to the service is asking to be answered at this address.
        client: { firstName: firstNameGiven, email: fromAddress || null, language, consent: true },
        organisationId: provider?.kind === 'provider' ? provider.organisationId : null,
        topic: 'other',
        language,
        subject: subject || null,
        details: {
          origin: 'email',
          firstName: firstNameGiven,
          sourceOrganisationId: provider?.kind === 'provider' ? provider.organisationId : null,
        },
      });
      conversation = opened.conversation;
    }
    const { message } = await appendMessage(trx, {
      conversationId: conversation.id,
      kind: 'message',
      authorType: 'client',
      body,
      details: details as unknown as Record<string, unknown>,
    });
    if (messageId) await insertMailMessageId(trx, messageId, conversation.id);
    for (const att of kept) await insertAttachment(trx, conversation.id, message.seq, att);
    let confirmation: string | undefined;
    if (!thread && !autoReply && fromAddress) {
      const queued = await queueMail(trx, settings, {
        conversationId: conversation.id,
        kind: 'contact_confirmation',
        to: fromAddress,
        mail: contactConfirmation(language, { firstName: null, message: body, subject }),
        automatic: true,
      });
      confirmation = queued?.id;
    }
    return { conversation, seq: message.seq, reopened, confirmation };
  });
  if (result.confirmation) deps.sender.kick(result.confirmation);
  deps.notifier.message(result.conversation.id, result.seq);
  deps.notifier.conversationChanged(result.conversation.id);
  if (!thread || result.reopened) deps.notifier.queueChanged('email');
  return thread
    ? { outcome: 'threaded', conversationId: thread.id, seq: result.seq, reopened: result.reopened }
    : { outcome: 'created', conversationId: result.conversation.id, seq: result.seq };
}
