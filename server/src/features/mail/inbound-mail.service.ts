import { openConversation } from '../../conversations/open-conversation.js';
import { reopenConversation } from '../../conversations/lifecycle.js';
import { randomUUID } from 'node:crypto';
import type { ParsedMail } from 'mailparser';
import { sql } from 'kysely';
import type { Db } from '../../db/database-types.js';
import type { ChatNotifier } from '../../conversations/notifier.js';
import { chatLanguages, type ChatLanguage } from '../../conversations/vocabulary.js';
import type { ConversationRow } from '../../conversations/conversation.table.js';
import { appendMessage } from '../../conversations/message.repository.js';
import type { AttachmentInfo, EmailMessageDetails, RefusedAttachment } from '../inbox/inbox.types.js';
import type { MailSender } from '../../conversations/mail-sender.js';
import { contactConfirmation } from '../contact-forms/contact-forms.mail.js';
import { SERVICE_LOCAL_PART, queueMail, type MailSettings } from '../../conversations/mail-outbox.js';

/** A reply token or reference stops threading this long after its conversation was closed. */
export const THREAD_DAYS_AFTER_CLOSE = 30;
/** The longest mail body kept; the rest is cut with a note. */
export const EMAIL_BODY_MAX_CHARS = 20_000;
export const ATTACHMENT_MAX_COUNT = 5;
export const ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024;

/** Allowed attachment types: declared type, file name extensions, and the file's first bytes. */
const allowedTypes: { types: string[]; extensions: string[]; magic?: number[][] }[] = [
  { types: ['application/pdf'], extensions: ['pdf'], magic: [[0x25, 0x50, 0x44, 0x46]] },
  {
    types: ['image/jpeg', 'image/jpg', 'image/pjpeg'],
    extensions: ['jpg', 'jpeg'],
    magic: [[0xff, 0xd8, 0xff]],
  },
  { types: ['image/png'], extensions: ['png'], magic: [[0x89, 0x50, 0x4e, 0x47]] },
  { types: ['text/plain'], extensions: ['txt'] },
  {
    types: ['application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    extensions: ['docx'],
    magic: [[0x50, 0x4b, 0x03, 0x04]],
  },
  {
    types: ['application/vnd.oasis.opendocument.text'],
    extensions: ['odt'],
    magic: [[0x50, 0x4b, 0x03, 0x04]],
  },
  { types: ['application/rtf', 'text/rtf'], extensions: ['rtf'], magic: [[0x7b, 0x5c, 0x72, 0x74, 0x66]] },
];

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
  const organisation = await db
    .selectFrom('organisations')
    .select('id')
    .where('slug', '=', local)
    .executeTakeFirst();
  return organisation ? { kind: 'provider', organisationId: organisation.id } : null;
}

const headerText = (mail: ParsedMail, name: string): string => {
  const value = mail.headers.get(name);
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && 'value' in value) return String((value as { value: unknown }).value);
  return String(value as unknown);
};

/**
 * Mail written by a program, not a person: out-of-office notices, bounces, list traffic.
 * Nothing is ever sent in answer to these, so two auto-responders cannot loop through us.
 */
export function isAutoReply(mail: ParsedMail, envelopeFrom: string | null): boolean {
  if (!envelopeFrom) return true; // the null return path of bounces
  const autoSubmitted = headerText(mail, 'auto-submitted').trim().toLowerCase();
  if (autoSubmitted && autoSubmitted !== 'no') return true;
  const precedence = headerText(mail, 'precedence').trim().toLowerCase();
  if (['bulk', 'junk', 'list', 'auto_reply'].includes(precedence)) return true;
  return ['x-autoreply', 'x-autorespond', 'x-autoresponder'].some((name) => mail.headers.has(name));
}

/** Text without NUL and other control characters that no mail body needs (tab and newline stay). */
const clean = (value: string) =>
  // eslint-disable-next-line no-control-regex
  value.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '');

/** A file name safe to store and to offer as a download: no paths, no control characters. */
export function safeFilename(name: string | undefined): string {
  const base = clean(name ?? '')
    .replace(/\n/g, ' ')
    .split(/[\\/]/)
    .pop()!
    .replace(/^\.+/, '')
    .trim()
    .slice(0, 150);
  return base || 'liite';
}

/**
 * The new part of a reply: the quoted earlier mail (an "On … wrote:" line followed by ">"
 * lines, or a trailing block of ">" lines) is cut off. The full text is never needed; the
 * earlier messages are in the conversation already.
 */
export function stripQuotedReply(text: string): string {
  const lines = text.split('\n');
  const header =
    /^(On .{3,200}wrote:|.{3,200} kirjoitti:|.{3,200} skrev( .{1,200})?:|-{2,} ?(Original Message|Alkuperäinen viesti|Ursprungligt meddelande) ?-{2,})\s*$/i;
  for (let i = 1; i < lines.length; i++) {
    if (header.test(lines[i]!.trim())) {
      const rest = lines.slice(i + 1).filter((l) => l.trim() !== '');
      if (
        rest.length === 0 ||
        rest.every((l) => l.startsWith('>')) ||
        /Original|Alkuper|Ursprung/i.test(lines[i]!)
      ) {
        return lines.slice(0, i).join('\n').trimEnd();
      }
    }
  }
  let end = lines.length;
  while (end > 0 && (lines[end - 1]!.startsWith('>') || lines[end - 1]!.trim() === '')) end--;
  const cut = lines.slice(end).some((l) => l.startsWith('>'));
  return cut && end > 0 ? lines.slice(0, end).join('\n').trimEnd() : text.trim();
}

function normaliseMessageId(value: string | undefined | null): string | null {
  if (!value) return null;
  const match = /<[^<>\s]{1,250}>/.exec(value);
  return match ? match[0] : null;
}

function referencedIds(mail: ParsedMail): string[] {
  const refs = Array.isArray(mail.references) ? mail.references : mail.references ? [mail.references] : [];
  const all = [mail.inReplyTo, ...refs.flatMap((r) => r.split(/\s+/))]
    .map((r) => normaliseMessageId(r))
    .filter((r): r is string => !!r);
  return [...new Set(all)].slice(-50);
}

function checkAttachment(att: ParsedMail['attachments'][number]): RefusedAttachment['reason'] | null {
  const filename = safeFilename(att.filename).toLowerCase();
  const extension = filename.includes('.') ? filename.slice(filename.lastIndexOf('.') + 1) : '';
  const type = (att.contentType ?? '').toLowerCase();
  const rule = allowedTypes.find((r) => r.extensions.includes(extension));
  if (!rule) return 'type_not_allowed';
  if (!rule.types.includes(type) && type !== 'application/octet-stream') return 'type_not_allowed';
  if (att.size > ATTACHMENT_MAX_BYTES || att.content.length > ATTACHMENT_MAX_BYTES) return 'too_large';
  if (rule.magic && !rule.magic.some((m) => m.every((byte, i) => att.content[i] === byte))) {
    return 'type_not_allowed';
  }
  return null;
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

async function findThread(db: Db, tokens: string[], references: string[]) {
  const openEnough = sql<boolean>`(c.closed_at is null or c.closed_at > now() - make_interval(days => ${THREAD_DAYS_AFTER_CLOSE}))`;
  if (tokens.length) {
    const byToken = await db
      .selectFrom('conversations as c')
      .selectAll('c')
      .where('c.reply_token', 'in', tokens)
      .where(openEnough)
      .executeTakeFirst();
    if (byToken) return byToken;
  }
  if (references.length) {
    return db
      .selectFrom('mail_message_ids as m')
      .innerJoin('conversations as c', 'c.id', 'm.conversation_id')
      .selectAll('c')
      .where('m.message_id', 'in', references)
      .where(openEnough)
      .orderBy('m.created_at', 'desc')
      .limit(1)
      .executeTakeFirst();
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
  if (messageId) {
    const seen = await db
      .selectFrom('mail_message_ids')
      .select('message_id')
      .where('message_id', '=', messageId)
      .executeTakeFirst();
    if (seen) return { outcome: 'duplicate' };
  }
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

  const kept: (AttachmentInfo & { content: Buffer })[] = [];
  const refused: RefusedAttachment[] = [];
  for (const att of mail.attachments ?? []) {
    // Pictures inside an HTML body are part of its layout, which is not shown.
    if (att.related) continue;
    const filename = safeFilename(att.filename);
    const reason = checkAttachment(att);
    if (reason) refused.push({ filename, reason });
    else if (kept.length >= ATTACHMENT_MAX_COUNT) refused.push({ filename, reason: 'too_many' });
    else {
      kept.push({
        id: randomUUID(),
        filename,
        contentType: (att.contentType ?? 'application/octet-stream').toLowerCase().slice(0, 100),
        size: att.content.length,
        content: att.content,
      });
    }
  }
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
    if (messageId) {
      await trx
        .insertInto('mail_message_ids')
        .values({ message_id: messageId, conversation_id: conversation.id })
        .execute();
    }
    for (const att of kept) {
      await trx
        .insertInto('attachments')
        .values({
          id: att.id,
          conversation_id: conversation.id,
          message_seq: message.seq,
          filename: att.filename,
          content_type: att.contentType,
          size_bytes: att.size,
          content: att.content,
        })
        .execute();
    }
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

function languageOf(mail: ParsedMail): ChatLanguage {
  const declared = headerText(mail, 'content-language').trim().slice(0, 2).toLowerCase();
  return (chatLanguages as readonly string[]).includes(declared) ? (declared as ChatLanguage) : 'fi';
}
