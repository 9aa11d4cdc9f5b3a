/* Downloading a received mail's attachment, for staff who may see its conversation. */
import { z } from 'zod';
import type { Db } from '../../db/database-types.js';
import { AppError } from '../../errors.js';
import { recordAudit } from '../../access/audit.js';
import { authorize } from '../../access/policy.js';
import type { RequestContext } from '../../access/request-context.js';
import { maySee, staffProfile } from '../../conversations/access.js';
import { selectConversation } from '../../conversations/conversation.repository.js';
import { selectAttachment } from './mail.repository.js';

/** For the attachment download: the file, if the staff member may see its conversation. */
export async function attachmentForStaff(db: Db, ctx: RequestContext, id: string) {
  const actor = authorize(ctx.actor, 'chat.handle');
  const staff = await staffProfile(db, actor);
  const notFound = new AppError('attachment.not_found', 404, 'No such attachment');
  if (!z.uuid().safeParse(id).success) throw notFound;
  const row = await selectAttachment(db, id);
  const conversation = row ? await selectConversation(db, row.conversation_id) : undefined;
  if (!row || !conversation || !maySee(staff, conversation)) throw notFound;
  await recordAudit(db, ctx, {
    action: 'attachment.download',
    targetType: 'conversation',
    targetId: row.conversation_id,
    organisationId: conversation.organisation_id,
  });
  return { filename: row.filename, content: Buffer.from(row.content) };
}
