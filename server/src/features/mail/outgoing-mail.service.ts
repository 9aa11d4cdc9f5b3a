/* The outgoing mail a counsellor or an admin acts on: sending a failed mail again, and the mail log. */
import { z } from 'zod';
import type { Db } from '../../db/database-types.js';
import { AppError } from '../../errors.js';
import { recordAudit } from '../../access/audit.js';
import { authorize } from '../../access/policy.js';
import type { RequestContext } from '../../access/request-context.js';
import { conversationForStaff, mayHandle } from '../../conversations/access.js';
import type { MailSender } from '../../conversations/mail-sender.js';
import { presentOutgoingMail } from '../../conversations/mail-outbox.js';
import { requeueOutgoingMail, selectOutgoingMailLog, selectOutgoingMailState } from './mail.repository.js';

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
  return { relay: sender.relay, items: rows.map(presentOutgoingMail) };
}
