/* The outgoing mail a counsellor or an admin acts on: sending a failed mail again, and the mail log. */
import { z } from 'zod';
import type { Db } from '../../db/database-types.js';
import { AppError } from '../../errors.js';
import { recordAudit } from '../../access/audit.js';
import { authorize } from '../../access/policy.js';
import type { RequestContext } from '../../access/request-context.js';
import { conversationForStaff, mayHandle } from '../../conversations/access.js';
import type { MailSender } from '../../conversations/mail-sender.js';
import { outgoingAttachments, presentOutgoingMail } from '../../conversations/mail-outbox.js';
import { requeueOutgoingMail, selectOutgoingMailLog, selectOutgoingMailState } from './mail.repository.js';
import type { MailLogItem } from './mail.schema.js';

/** Queues a failed mail again, for whoever may act on its conversation. */
export async function retryFailedMail(db: Db, sender: MailSender, ctx: RequestContext, id: string) {
  const notFound = new AppError('mail.not_found', 404, 'No such mail');
  if (!z.uuid().safeParse(id).success) throw notFound;
  const mail = await selectOutgoingMailState(db, id);
  if (!mail?.conversation_id) throw notFound;
  const { staff, conversation } = await conversationForStaff(db, ctx, mail.conversation_id);
  if (!mayHandle(staff, conversation)) throw new AppError('auth.forbidden', 403);
  if (mail.status !== 'failed') {
    throw new AppError('mail.not_failed', 409, 'Only a failed mail can be sent again');
  }
  await requeueOutgoingMail(db, mail.id);
  await recordAudit(db, ctx, {
    action: 'mail.retry',
    targetType: 'conversation',
    targetId: mail.conversation_id,
    organisationId: conversation.organisation_id,
  });
  sender.kick(mail.id);
  return { id: mail.id, status: 'queued' };
}

/** The outgoing mail log, newest first (admins); without a relay the only place mail goes. */
export async function readMailLog(db: Db, sender: MailSender, ctx: RequestContext, limit: number) {
  authorize(ctx.actor, 'mail.log');
  const rows = await selectOutgoingMailLog(db, limit);
  await recordAudit(db, ctx, { action: 'mail.log_read', details: { count: rows.length } });
  const items = rows.map((row): MailLogItem => ({
    ...presentOutgoingMail(row),
    attachments: outgoingAttachments(row).map(({ content, ...info }) => ({
      ...info,
      text: info.contentType.startsWith('text/') ? content : null,
    })),
  }));
  return { relay: sender.relay, items };
}

/** One file of a mail in the log, to download (admins, as the log). */
export async function mailLogAttachment(db: Db, ctx: RequestContext, id: string, index: number) {
  authorize(ctx.actor, 'mail.log');
  const notFound = new AppError('mail.attachment_not_found', 404, 'No such attachment');
  if (!z.uuid().safeParse(id).success) throw notFound;
  const row = await selectOutgoingMailState(db, id);
  const file = row ? outgoingAttachments(row)[index] : undefined;
  if (!row || !file) throw notFound;
  await recordAudit(db, ctx, {
    action: 'mail.attachment_read',
    targetType: 'conversation',
    targetId: row.conversation_id ?? undefined,
    details: { mailId: id },
  });
  return file;
}
